"""Charts as SVG, drawn with matplotlib (Agg), byte-identical for identical data.

Each function returns the SVG text; the caller decides where it goes. Labels are Vietnamese
(DejaVu Sans covers the diacritics), numbers use the Vietnamese decimal comma, colours come
from the Okabe–Ito palette, and the target is always drawn as a line."""
from __future__ import annotations

import io
from datetime import date

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
from matplotlib.ticker import FuncFormatter  # noqa: E402

from tiendo.render.format import fmt_date, fmt_percent  # noqa: E402

BAR = "#0072B2"  # Okabe–Ito blue
BAR_MET = "#009E73"  # bluish green
TARGET = "#D55E00"  # vermilion
TEXT = "#222222"

plt.rcParams.update({
    "svg.hashsalt": "tiendo",  # fixed ids inside the SVG: same data, same bytes
    "svg.fonttype": "none",  # text stays text: searchable, selectable, sharp
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
})

_PERCENT_AXIS = FuncFormatter(lambda v, _pos: fmt_percent(v, 0))


def _to_svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return buffer.getvalue()


def _to_png(fig) -> bytes:
    """For documents that cannot hold SVG (the DOCX report); no timestamp, same bytes each time."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def _wrap(label: str, width: int = 38) -> str:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines[:3]) + ("…" if len(lines) > 3 else "")


def bars_against_target(labels: list[str], values: list[float | None], targets: list[float] | float,
                        title: str, *, png: bool = False) -> str | bytes:
    """Horizontal bars (one per label, top to bottom) with each bar's target marked.

    `values` None means "not shown" (no population or suppressed): the bar is left empty and
    labelled so, never drawn as zero."""
    count = len(labels)
    if not isinstance(targets, list):
        targets = [targets] * count
    fig, ax = plt.subplots(figsize=(7.5, 0.9 + 0.42 * max(count, 1)))
    positions = list(range(count))[::-1]
    shown = [v if v is not None else 0 for v in values]
    colours = [BAR_MET if (v is not None and v >= t) else BAR for v, t in zip(values, targets)]
    ax.barh(positions, shown, color=colours, height=0.6)
    for pos, value, target in zip(positions, values, targets):
        ax.plot([target, target], [pos - 0.4, pos + 0.4], color=TARGET, linewidth=2.2)
        text = fmt_percent(value) if value is not None else "không công bố"
        ax.text((value or 0) + 1, pos, text, va="center", fontsize=9, color=TEXT)
    ax.set_yticks(positions, [_wrap(label) for label in labels])
    upper = max([*(v for v in values if v is not None), *targets, 10])
    ax.set_xlim(0, min(100, upper * 1.25 + 5))
    ax.xaxis.set_major_formatter(_PERCENT_AXIS)
    ax.set_title(title, loc="left", fontsize=11, color=TEXT)
    ax.plot([], [], color=TARGET, linewidth=2.2, label="Chỉ tiêu")
    ax.legend(loc="lower right", frameon=False, fontsize=9)
    return _to_png(fig) if png else _to_svg(fig)


def trend(dates: list[date], values: list[float | None], target: float, target_year: int, title: str) -> str:
    """The percentage over the cycles, with the target at its deadline."""
    fig, ax = plt.subplots(figsize=(7.5, 3.4))
    points = [(d, v) for d, v in zip(dates, values) if v is not None]
    if points:
        xs, ys = zip(*points)
        ax.plot(xs, ys, marker="o", color=BAR, linewidth=2, label="Tỷ lệ đạt")
        for x, y in points:
            ax.annotate(fmt_percent(y), (x, y), textcoords="offset points", xytext=(0, 8),
                        ha="center", fontsize=9, color=TEXT)
    deadline = date(target_year, 12, 31)
    ax.axhline(target, color=TARGET, linewidth=1.5, linestyle="--", label=f"Chỉ tiêu năm {target_year}")
    ax.plot([deadline], [target], marker="D", color=TARGET)
    ax.set_ylim(0, min(100, max([target, *(v for _, v in points)]) * 1.3 + 5))
    ax.yaxis.set_major_formatter(_PERCENT_AXIS)
    ticks = sorted({*dates, deadline})  # only the cycles and the deadline: no crowded calendar
    ax.set_xticks(ticks, [fmt_date(d) for d in ticks], fontsize=8)
    ax.set_title(title, loc="left", fontsize=11, color=TEXT)
    ax.legend(loc="upper left", frameon=False, fontsize=9)
    return _to_svg(fig)


def timeline(phases: list[tuple[str, int, int]], as_of: date | None, title: str) -> str:
    """The plan's roadmap: one bar per phase on a year axis, and where the data stands."""
    fig, ax = plt.subplots(figsize=(7.5, 0.9 + 0.5 * max(len(phases), 1)))
    positions = list(range(len(phases)))[::-1]
    for pos, (label, start, end) in zip(positions, phases):
        done = as_of is not None and as_of.year > end
        ax.barh(pos, end - start + 1, left=start, height=0.55, color="#999999" if done else BAR)
        ax.text(start + 0.1, pos, label, va="center", fontsize=9, color="#ffffff" if not done else TEXT)
    if as_of is not None:
        x = as_of.year + (as_of.timetuple().tm_yday - 1) / 365.25
        ax.axvline(x, color=TARGET, linewidth=2)
        ax.text(x, len(phases) - 0.45, f" Số liệu đến {fmt_date(as_of)}", color=TARGET, fontsize=9, va="bottom")
    first = min((p[1] for p in phases), default=2020)
    last = max((p[2] for p in phases), default=2030) + 1
    ax.set_xlim(first, last)
    ax.set_xticks(range(first, last + 1))
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_title(title, loc="left", fontsize=11, color=TEXT)
    return _to_svg(fig)
