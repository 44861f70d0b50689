"""Numbers and dates the Vietnamese way: 25,3 %; 1.234 người; 31/12/2025."""
from __future__ import annotations

import math
from datetime import date


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_int(value) -> str:
    if _is_missing(value):
        return "–"
    return f"{int(value):,}".replace(",", ".")


def fmt_percent(value, digits: int = 1) -> str:
    if _is_missing(value):
        return "–"
    text = f"{float(value):,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{text} %"


def fmt_target(value) -> str:
    """A target's percentage as the plan wrote it: "25 %", "33,3 %" (never rounded to a whole
    number: a plan's 33,3 % shown as 33 % misquotes it)."""
    if _is_missing(value):
        return "–"
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return fmt_percent(float(text), len(text.split(".")[1]) if "." in text else 0)


def fmt_number(value, digits: int = 2) -> str:
    if _is_missing(value):
        return "–"
    return f"{float(value):,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def fmt_date(value: date | str | None) -> str:
    """dd/mm/yyyy of a date, or of an ISO date as cycles are named ("2025-06-30" → 30/06/2025)."""
    if not value:
        return "–"
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")
