"""A thread's timeline as an inline SVG: value against as-of date, one colour per origin, each
origin's asserted claims joined by a line (its own series: 100 -> 300 -> 600 -> 2,000), the
y axis titled with what is counted. Forecasts, plans, possibilities and denials are drawn hollow
with a dashed outline and never joined to a series (they feed no estimate).

Generated in Python with every text escaped, so the HTML report needs no script (its CSP forbids
them) and article text cannot inject markup. Estimates show as a grey low-high band per month with
the best estimate as a dark tick; a range claim is a vertical bar, a bound a triangle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape, quoteattr

from claimledger.kinds import KINDS
from claimledger.model import Thread, ThreadClaim

WIDTH, HEIGHT = 760, 320
LEFT, RIGHT, TOP, BOTTOM = 84, 16, 14, 40
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")


def _figure(c: ThreadClaim) -> float | None:
    if c.value is not None:
        return c.value
    if c.value_low is not None and c.value_high is not None:
        return (c.value_low + c.value_high) / 2
    return c.value_low if c.value_low is not None else c.value_high


def _num(value: float) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if value >= 10_000:
        return f"{value / 1000:g}k"
    return f"{value:,.0f}"


def timeline_svg(thread: Thread) -> str:
    """The chart, or "" when the thread has no dated figure to draw."""
    points = [(c, c.as_of, _figure(c)) for c in thread.claims if c.as_of is not None and _figure(c) is not None]
    if not points:
        return ""
    dates = [d for _, d, _ in points if d is not None]
    start, end = min(dates), max(dates)
    pad = dt.timedelta(days=max(6, (end - start).days // 25))  # keep edge marks inside the plot
    start, end = start - pad, end + pad
    span = (end - start).days or 1
    top = max(max(c.value_high or 0, f or 0) for c, _, f in points) * 1.12 or 1.0
    origins = sorted({c.evidence for c, _, _ in points})
    colour = {o: PALETTE[i % len(PALETTE)] for i, o in enumerate(origins)}
    names = {c.evidence: c.origin for c, _, _ in points}
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> float:
        return LEFT + plot_w * (day - start).days / span

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    legend_h = 18 * ((len(origins) + 1) // 2)
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{WIDTH}" '
            f'height="{HEIGHT + legend_h}" viewBox="0 0 {WIDTH} {HEIGHT + legend_h}" role="img" '
            f"aria-label={quoteattr('timeline of ' + thread.label)}>"
        ),
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fbfcfd" stroke="#d0d7de"/>',
    ]
    for frac in (0.0, 0.5, 1.0):
        value = top / 1.12 * frac
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#eceff2"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="13" fill="#57606a">{escape(_num(value))}</text>')
    mid = TOP + plot_h / 2
    parts.append(
        f'<text x="18" y="{mid:.1f}" transform="rotate(-90 18 {mid:.1f})" text-anchor="middle" font-size="13" '
        f'fill="#1d232a">{escape(axis_title(thread))}</text>'
    )
    for day in _ticks(start, end):
        anchor = "end" if x(day) > WIDTH - RIGHT - 30 else "middle"
        parts.append(f'<text x="{x(day):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="{anchor}" font-size="13" fill="#57606a">{day:%Y-%m}</text>')
    parts.extend(_estimate_marks(thread, x, y, start, end))
    for origin in origins:
        series = [(x(d), y(f)) for c, d, f in points if c.evidence == origin and c.modality == "asserted"
                  and d is not None and f is not None]
        if len(series) > 1:
            coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in series)
            parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour[origin]}" stroke-width="1.5" stroke-opacity="0.7"/>')
    for c, day, f in points:
        if day is not None and f is not None:
            parts.append(_mark(c, x(day), y, f, colour[c.evidence]))
    for i, origin in enumerate(origins):
        lx, ly = LEFT + (i % 2) * plot_w / 2, HEIGHT + 18 * (i // 2) - 2
        parts.append(f'<circle cx="{lx + 5:.1f}" cy="{ly - 4}" r="5" fill="{colour[origin]}"/>')
        parts.append(f'<text x="{lx + 14:.1f}" y="{ly}" font-size="13" fill="#1d232a">{escape(_short(names[origin]))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def axis_title(thread: Thread) -> str:
    """What the y axis counts: the kind's label ("troops deployed", "killed or wounded")."""
    return KINDS[thread.kind].label if thread.kind in KINDS else thread.kind.replace("_", " ")


def _mark(c: ThreadClaim, cx: float, y: Callable[[float], float], figure: float, fill: str) -> str:
    """The claim's mark in a group that names the claim (the web UI shows its quote on hover)."""
    label = f"{figure:,.0f} ({c.as_of}) — {c.origin}" + ("" if c.modality == "asserted" else f" [{c.modality}]")
    return f"<g data-claim={quoteattr(c.claim_id)} data-label={quoteattr(label)}>{_shape(c, cx, y, figure, fill)}</g>"


def _shape(c: ThreadClaim, cx: float, y: Callable[[float], float], figure: float, fill: str) -> str:
    tip = f"<title>{escape(f'{figure:,.0f} ({c.as_of}) — {c.origin}')}</title>"
    if c.modality != "asserted":
        tip = f"<title>{escape(f'{figure:,.0f} ({c.as_of}) — {c.origin} [{c.modality}: not in estimates]')}</title>"
        return (f'<circle cx="{cx:.1f}" cy="{y(figure):.1f}" r="6" fill="white" stroke="{fill}" stroke-width="2" '
                f'stroke-dasharray="3 2">{tip}</circle>')
    if c.value is None and c.value_low is not None and c.value_high is not None:
        return (
            f'<g><line x1="{cx:.1f}" x2="{cx:.1f}" y1="{y(c.value_low):.1f}" y2="{y(c.value_high):.1f}" '
            f'stroke="{fill}" stroke-width="4" stroke-linecap="round"/>{tip}</g>'
        )
    if c.value is None:  # a bound: a triangle pointing the open way
        cy = y(figure)
        up = c.value_low is not None
        tip_y, base_y = (cy - 7, cy + 4) if up else (cy + 7, cy - 4)
        return (
            f'<polygon points="{cx:.1f},{tip_y:.1f} {cx - 6:.1f},{base_y:.1f} {cx + 6:.1f},{base_y:.1f}" '
            f'fill="{fill}">{tip}</polygon>'
        )
    hollow = ' fill-opacity="0.35"' if c.approx else ""
    return f'<circle cx="{cx:.1f}" cy="{y(figure):.1f}" r="5" fill="{fill}"{hollow} stroke="{fill}">{tip}</circle>'


def _estimate_marks(
    thread: Thread, x: Callable[[dt.date], float], y: Callable[[float], float], start: dt.date, end: dt.date
) -> list[str]:
    out: list[str] = []
    for e in thread.estimates:
        if e.low is None or e.high is None or e.best is None:
            continue
        year, month = (int(p) for p in e.as_of.split("-"))
        first = max(dt.date(year, month, 1), start)
        last = min(dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1), end)
        x0, x1 = x(first), max(x(last), x(first) + 3)
        out.append(
            f'<rect x="{x0:.1f}" y="{y(e.high):.1f}" width="{x1 - x0:.1f}" '
            f'height="{max(y(e.low) - y(e.high), 1.5):.1f}" fill="#8c959f" fill-opacity="0.18"/>'
        )
        out.append(f'<line x1="{x0:.1f}" x2="{x1:.1f}" y1="{y(e.best):.1f}" y2="{y(e.best):.1f}" stroke="#30363d" stroke-width="2"/>')
    return out


def _ticks(start: dt.date, end: dt.date, most: int = 6) -> Sequence[dt.date]:
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = max(1, -(-months // most))
    out: list[dt.date] = []
    year, month = start.year, start.month
    for _ in range(0, months, step):
        day = dt.date(year, month, 1)
        if start <= day <= end:
            out.append(day)
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return out or [start]


def _short(text: str, limit: int = 42) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
