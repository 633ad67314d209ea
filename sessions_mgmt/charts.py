"""Charts drawn on the server as SVG strings: no script and no chart library, so they show in
the WeChat in-app browser, print in the PDF reports and pass the Content-Security-Policy
(presentation attributes only, never a style attribute). Each chart names itself in a
<title> and an aria-label; the pages give the same numbers in a table beside it."""

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# Bootstrap's colours, one per target status, and a palette for the series of a chart.
STATUS_COLOURS = {"met": "#198754", "on_track": "#0d6efd", "at_risk": "#ffc107", "missed": "#dc3545",
                  "pending": "#6c757d"}
PALETTE = ("#0d6efd", "#198754", "#dc3545", "#fd7e14", "#6f42c1", "#20c997", "#d63384", "#6c757d", "#0dcaf0",
           "#ffc107")
TRACK = "#e9ecef"
INK = "#6c757d"


def progress_bar(percent: int, status: str, label: str) -> SafeString:
    """A bar filled to `percent` (0–100) in the status's colour, read by screen readers as a
    progress bar."""
    percent = max(0, min(100, int(percent)))
    return format_html(
        '<svg class="target-progress" width="100%" height="8" viewBox="0 0 100 8" preserveAspectRatio="none" '
        'role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="{}" aria-label="{}">'
        '<rect width="100" height="8" rx="2" fill="{}"/><rect width="{}" height="8" rx="2" fill="{}"/></svg>',
        percent, label, TRACK, percent, STATUS_COLOURS.get(status, INK))


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def line_chart(title: str, x_labels: list[str], series: list[tuple[str, list[float | None]]], *,
               y_max: float | None = None, unit: str = "", width: int = 480, height: int = 200) -> SafeString:
    """One line per series over the x labels (days); a missing value breaks the line. The y
    axis runs from 0 to `y_max` (default: the largest value)."""
    values = [v for _, points in series for v in points if v is not None]
    top = y_max or max(values, default=0) or 1
    left, right, upper, lower = 40, 10, 10, 24
    plot_w, plot_h = width - left - right, height - upper - lower
    step = plot_w / max(len(x_labels) - 1, 1)

    def x(i):
        return left + i * step

    def y(v):
        return upper + plot_h - min(v, top) / top * plot_h

    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for fraction in (0, 0.5, 1):
        level = y(top * fraction)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{level:.1f}" y2="{level:.1f}" stroke="{TRACK}"/>'
                     f'<text x="{left - 4}" y="{level + 4:.1f}" font-size="11" text-anchor="end" fill="{INK}">'
                     f'{escape(_number(top * fraction))}{escape(unit)}</text>')
    if x_labels:
        shown = sorted({0, len(x_labels) // 2, len(x_labels) - 1})
        for i in shown:
            anchor = "start" if i == 0 and len(x_labels) > 1 else "end" if i == len(x_labels) - 1 else "middle"
            parts.append(f'<text x="{x(i):.1f}" y="{height - 6}" font-size="11" text-anchor="{anchor}" '
                         f'fill="{INK}">{escape(x_labels[i])}</text>')
    for index, (name, points) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<g><title>{escape(name)}</title>')
        for run in _runs(points):
            coords = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in run)
            if len(run) == 1:
                i, v = run[0]
                parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>')
            else:
                parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every label escaped above


def _runs(points):
    """The unbroken stretches of (index, value) of a series."""
    run = []
    for i, value in enumerate(points):
        if value is None:
            if run:
                yield run
            run = []
        else:
            run.append((i, float(value)))
    if run:
        yield run


def bar_chart(title: str, bars: list[tuple[str, float, str]], *, width: int = 420, bar: int = 22) -> SafeString:
    """Horizontal bars, each (label, value, colour), the value written at the bar's end."""
    top = max((value for _, value, _ in bars), default=0) or 1
    label_w, gap = 130, 6  # a narrow drawing keeps its words readable on a phone
    height = max(len(bars), 1) * (bar + gap) + gap
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for index, (label, value, colour) in enumerate(bars):
        top_y = gap + index * (bar + gap)
        length = (width - label_w - 50) * value / top
        parts.append(f'<text x="{label_w - 6}" y="{top_y + bar * 0.7:.1f}" font-size="13" text-anchor="end" '
                     f'fill="#212529">{escape(label)}</text>'
                     f'<rect x="{label_w}" y="{top_y}" width="{length:.1f}" height="{bar}" fill="{colour}"/>'
                     f'<text x="{label_w + length + 4:.1f}" y="{top_y + bar * 0.7:.1f}" font-size="12" '
                     f'fill="#212529">{escape(_number(value))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every label escaped above
