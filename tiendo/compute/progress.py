"""Progress status of a target over the cycles: the method Open SDG's builder uses, after UN
ESCAP's SDG progress reports (DOMAIN.md "Progress status"). Pure."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

EPOCH = date(2000, 1, 1)


@dataclass(frozen=True)
class Thresholds:
    on_track: float = 0.95  # ratio ≥ this: on track
    needs_acceleration: float = 0.60  # ratio in [this, on_track): needs acceleration; [0, this): limited


@dataclass(frozen=True)
class Assessment:
    status: str  # achieved | on_track | needs_acceleration | limited | deterioration | insufficient_data
    ratio: float | None
    cagr_observed: float | None
    cagr_required: float | None
    met_at_deadline: bool | None  # None while the deadline has not passed or no cycle before it
    projected_year: int | None
    base_date: date | None


def years(d: date) -> float:
    return (d - EPOCH).days / 365.25


def assess(series: list[tuple[date, float | None]], target_percent: float, target_year: int,
           thresholds: Thresholds = Thresholds()) -> Assessment:
    """`series`: (cycle reference date, percent) oldest first; percent None = no population."""
    points = [(d, p) for d, p in sorted(series) if p is not None]
    deadline = date(target_year, 12, 31)
    latest_date = series[-1][0] if series else None
    met_at_deadline = None
    if latest_date is not None and latest_date > deadline:
        before = [(d, p) for d, p in points if d <= deadline]
        met_at_deadline = (before[-1][1] >= target_percent) if before else None
    if not points or series[-1][1] is None:  # nobody in the group at the latest cycle: nothing to assess
        return Assessment("insufficient_data", None, None, None, met_at_deadline, None, None)
    current_date, current = points[-1]
    if current >= target_percent:
        return Assessment("achieved", None, None, None, met_at_deadline, None, None)
    positive = [(d, p) for d, p in points if p > 0]
    if current <= 0 and positive:  # fell to zero after a positive base: the clearest deterioration
        return Assessment("deterioration", None, -1.0, None, met_at_deadline, None, positive[0][0])
    if len(positive) < 2 or positive[0][0] == current_date:
        return Assessment("insufficient_data", None, None, None, met_at_deadline, None,
                          positive[0][0] if positive else None)
    base_date, base = positive[0]
    t_base, t_cur, t_deadline = years(base_date), years(current_date), years(deadline)
    cagr_o = (current / base) ** (1 / (t_cur - t_base)) - 1
    if t_deadline <= t_base:
        cagr_r = None
        ratio = None
    else:
        cagr_r = (target_percent / base) ** (1 / (t_deadline - t_base)) - 1
        ratio = cagr_o / cagr_r if cagr_r > 0 else None
    if ratio is None:
        status = "deterioration" if cagr_o < 0 else "limited"
    elif ratio >= thresholds.on_track:
        status = "on_track"
    elif ratio >= thresholds.needs_acceleration:
        status = "needs_acceleration"
    elif ratio >= 0:
        status = "limited"
    else:
        status = "deterioration"
    projected = None
    if cagr_o > 0:
        projected = math.ceil(2000 + t_base + math.log(target_percent / base) / math.log(1 + cagr_o))
    return Assessment(status, ratio, cagr_o, cagr_r, met_at_deadline, projected, base_date)
