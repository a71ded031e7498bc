"""Charts as SVG or PNG bytes, drawn on ``matplotlib.figure.Figure`` (never pyplot).

Colours: the Okabe-Ito palette, readable by people with colour-blindness. Every chart is shown
with its data table and an alt text built from the same figures (see the templates).
"""
from __future__ import annotations

import textwrap
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from PIL import Image, ImageDraw, ImageFont

from participation.core.punctuation import labelled

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
# An ordered (sequential) scale for ordered values such as a scale question's notes: one hue,
# light for the lowest value to dark for the highest (ColorBrewer "Blues" 4 to 9, readable
# by people with colour-blindness and in grey), never the categorical ``PALETTE``.
SEQUENTIAL = ("#9ECAE1", "#08306B")


def ordered(values: list[float], low: float | None = None,
            high: float | None = None) -> list[str]:
    """One colour per value on the ``SEQUENTIAL`` scale, by its place between ``low`` and
    ``high`` (the values' own minimum and maximum when not given): "#rrggbb" strings."""
    if not values:
        return []
    low = min(values) if low is None else low
    high = max(values) if high is None else high
    start, end = (tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in SEQUENTIAL)
    colours = []
    for value in values:
        t = 0.0 if high == low else min(max((value - low) / (high - low), 0.0), 1.0)
        colours.append("#" + "".join(f"{round(a + (b - a) * t):02X}"
                                     for a, b in zip(start, end, strict=True)))
    return colours


def bar_chart(labels: list[str], values: list[float], title: str, fmt: str = "svg",
              unit: str = "", colours: list[str] | None = None) -> bytes:
    """Horizontal bars, biggest first, each with its value written at its end; ``colours``
    one per bar (``ordered`` for ordered values), else the ``PALETTE`` in turn.

    Drawing takes 0.1-0.5 s: the same chart (same labels, values, title, format) is drawn
    once per process (``CHART_CACHE`` charts kept; the bytes are immutable)."""
    return _drawn(tuple(str(x) for x in labels), tuple(float(v) for v in values), str(title),
                  fmt, unit, tuple(colours or ()))


CHART_CACHE = 256
TITLE_WIDTH, LABEL_WIDTH = 70, 32  # characters per line


def chart_image(labels: list[str], values: list[float], title: str, alt: str,
                colours: list[str] | None = None) -> dict:
    """A picture of the section model (``exports.registry``) to be drawn as a PNG bar chart
    only when a document embeds it or a browser asks for it (``image_png``): the section
    page itself shows ``<img>`` links, so it never waits for matplotlib. ``colours``: one
    per bar (``ordered``), else the ``PALETTE``."""
    chart = {"labels": [str(x) for x in labels], "values": [float(v) for v in values],
             "title": str(title)}
    if colours:
        chart["colours"] = list(colours)
    return {"chart": chart, "alt": alt}


def image_png(image: dict) -> bytes:
    """The PNG bytes of a picture of the section model: its ``png``, or its ``chart`` drawn
    by ``bar_png``."""
    if "png" in image:
        return image["png"]
    return bar_png(**image["chart"])


# ``bar_png``: the same chart as ``bar_chart`` drawn straight with Pillow, for the documents.
# Pixels per inch of the page (the matplotlib charts' 100 dpi, twice as fine for print).
SCALE = 2
FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
MARGIN, ROW, BAR = 10, 38, 0.8  # pixels at SCALE 1; bar: share of its row


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size * SCALE)


def bar_png(labels: list[str], values: list[float], title: str, unit: str = "",
            colours: list[str] | None = None) -> bytes:
    """Horizontal bars as a PNG, biggest first as given: the title above (wrapped at
    ``TITLE_WIDTH`` characters), each label left of its bar (wrapped at ``LABEL_WIDTH``), its
    value at its end, an x axis with round ticks; Okabe-Ito colours. The layout of
    ``bar_chart`` (6.4 inches wide, 0.38 inch a bar), drawn with Pillow in a few milliseconds
    where matplotlib's text layout takes 0.15 s of CPU a chart: after every new answer the
    section's documents draw every survey chart again. Kept per content (``CHART_CACHE``).
    ``colours``: one per bar (``ordered``), else the ``PALETTE`` in turn."""
    return _bar_png(tuple(str(x) for x in labels), tuple(float(v) for v in values),
                    str(title), unit, tuple(colours or ()))


def _colour(colours: tuple[str, ...], number: int) -> str:
    """Bar ``number``'s colour: its own in ``colours``, else the ``PALETTE``'s in turn."""
    return colours[number] if number < len(colours) else PALETTE[number % len(PALETTE)]


@lru_cache(maxsize=CHART_CACHE)
def _bar_png(labels: tuple[str, ...], values: tuple[float, ...], title: str,
             unit: str, colours: tuple[str, ...] = ()) -> bytes:
    s, line = SCALE, 16 * SCALE
    wrapped = [textwrap.wrap(label, LABEL_WIDTH) or [""] for label in labels]
    titles = textwrap.wrap(title, TITLE_WIDTH) or [""]
    label_width = max((_font(13).getlength(x) for lines in wrapped for x in lines), default=0)
    rows = [max(ROW * s, len(lines) * line + 8 * s) for lines in wrapped]
    top = MARGIN * s + len(titles) * 19 * s + 8 * s
    left, right = MARGIN * s + int(label_width) + 10 * s, 640 * s - 2 * MARGIN * s
    picture = Image.new("RGB", (640 * s, top + sum(rows) + 34 * s), "white")
    draw = ImageDraw.Draw(picture)
    for number, text in enumerate(titles):
        draw.text((MARGIN * s, MARGIN * s + number * 19 * s), text, fill="black",
                  font=_font(15))
    ticks = [t for t in MaxNLocator(nbins=6).tick_values(0, max(values, default=0) * 1.15 or 1)
             if t >= 0]
    span = max(ticks[-1], max(values, default=0) * 1.15) or 1

    def x(value: float) -> float:
        return left + (right - left) * value / span

    y = top
    for number, (lines, value, row) in enumerate(zip(wrapped, values, rows, strict=True)):
        _bar(draw, _colour(colours, number), lines, (x(value), y + row // 2), left,
             f"{value:g}{unit}")
        y += row
    draw.line((left, top, left, y), fill="black", width=s)
    draw.line((left, y, right, y), fill="black", width=s)
    for tick in ticks:
        draw.line((x(tick), y, x(tick), y + 4 * s), fill="black", width=s)
        draw.text((x(tick), y + 6 * s), f"{tick:g}", fill="black", font=_font(12), anchor="mt")
    buffer = BytesIO()
    picture.save(buffer, format="PNG", compress_level=3)  # level 6: twice the time, -15 %
    return buffer.getvalue()


def _bar(draw, colour: str, lines: list[str], end: tuple[float, float], left: int,
         value: str) -> None:
    """One bar from ``left`` to ``end`` (its right end, its middle height), its label's lines
    right-aligned before the axis and its value after its end."""
    (right, middle), line = end, 16 * SCALE
    thick = int(BAR * ROW * SCALE / 2)
    draw.rectangle((left, middle - thick, right, middle + thick),
                   fill=colour)
    for index, text in enumerate(lines):
        draw.text((left - 6 * SCALE, middle + (index - (len(lines) - 1) / 2) * line), text,
                  fill="black", font=_font(13), anchor="rm")
    draw.text((right + 4 * SCALE, middle), value, fill="black", font=_font(13), anchor="lm")




@lru_cache(maxsize=CHART_CACHE)
def _drawn(labels: tuple[str, ...], values: tuple[float, ...], title: str, fmt: str,
           unit: str, colours: tuple[str, ...] = ()) -> bytes:
    title = textwrap.fill(title, TITLE_WIDTH)  # a long question no longer shrinks the chart
    labels = tuple(textwrap.fill(label, LABEL_WIDTH) for label in labels)
    height = 0.9 + 0.2 * title.count("\n") + 0.38 * max(len(labels), 1)
    fig = Figure(figsize=(6.4, height), dpi=100)
    ax = fig.subplots()
    colours = [_colour(colours, i) for i in range(len(labels))]
    bars = ax.barh(range(len(labels)), values, color=colours)
    ax.set_yticks(range(len(labels)), labels=labels)
    ax.invert_yaxis()
    ax.bar_label(bars, labels=[f"{v:g}{unit}" for v in values], padding=3)
    ax.set_title(title, loc="left", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.15)
    buffer = BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "pdq"}):
        fig.savefig(buffer, format=fmt, bbox_inches="tight",
                    metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()


def alt_text(title: str, labels: list[str], values: list[float]) -> str:
    """The chart said in words: "Répartition par format : Enquête : 12 ; Johari : 7."
    (each label with its value, so a numeric label such as a scale's note stays readable)."""
    pairs = " ; ".join(labelled(label, f"{value:g}")
                       for label, value in zip(labels, values, strict=True))
    return f"{title.rstrip(' :')} — {pairs}."
