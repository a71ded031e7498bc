"""Charts as SVG or PNG bytes, drawn on ``matplotlib.figure.Figure`` (never pyplot).

Colours: the Okabe-Ito palette, readable by people with colour-blindness. Every chart is shown
with its data table and an alt text built from the same figures (see the templates).
"""
from __future__ import annotations

import textwrap
from functools import lru_cache
from io import BytesIO

import matplotlib
from matplotlib.figure import Figure

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
FORMATS = {"svg": "image/svg+xml", "png": "image/png"}


def bar_chart(labels: list[str], values: list[float], title: str, fmt: str = "svg",
              unit: str = "") -> bytes:
    """Horizontal bars, biggest first, each with its value written at its end.

    Drawing takes 0.1-0.5 s: the same chart (same labels, values, title, format) is drawn
    once per process (``CHART_CACHE`` charts kept; the bytes are immutable)."""
    return _drawn(tuple(str(x) for x in labels), tuple(float(v) for v in values), str(title),
                  fmt, unit)


def chart_image(labels: list[str], values: list[float], title: str, alt: str) -> dict:
    """A picture of the section model (``exports.registry``) to be drawn as a PNG bar chart
    only when a document embeds it or a browser asks for it (``image_png``): the section
    page itself shows ``<img>`` links, so it never waits for matplotlib."""
    return {"chart": {"labels": [str(x) for x in labels], "values": [float(v) for v in values],
                      "title": str(title)}, "alt": alt}


def image_png(image: dict) -> bytes:
    """The PNG bytes of a picture of the section model: its ``png``, or its ``chart`` drawn
    (``bar_chart``, kept per content like every chart)."""
    if "png" in image:
        return image["png"]
    return bar_chart(**image["chart"], fmt="png")


CHART_CACHE = 256
TITLE_WIDTH, LABEL_WIDTH = 70, 32  # characters per line


@lru_cache(maxsize=CHART_CACHE)
def _drawn(labels: tuple[str, ...], values: tuple[float, ...], title: str, fmt: str,
           unit: str) -> bytes:
    title = textwrap.fill(title, TITLE_WIDTH)  # a long question no longer shrinks the chart
    labels = tuple(textwrap.fill(label, LABEL_WIDTH) for label in labels)
    height = 0.9 + 0.2 * title.count("\n") + 0.38 * max(len(labels), 1)
    fig = Figure(figsize=(6.4, height), dpi=100)
    ax = fig.subplots()
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(labels))]
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
    pairs = " ; ".join(f"{label} : {value:g}"
                       for label, value in zip(labels, values, strict=True))
    return f"{title.rstrip(' :')} — {pairs}."
