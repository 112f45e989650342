"""Altair chart builders shared by pages: projector-sized fonts, Chinese-capable font, PNG export.

Builders are generic: they take a long DataFrame, the column names and every label already
in the UI language (no i18n here), and return an `alt.Chart` ready for `st.altair_chart`
or `png()`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import altair as alt
import pandas as pd

FONT = "Noto Sans CJK SC"
FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto", "/usr/share/fonts")
TITLE_SIZE = 26
LABEL_SIZE = 18
AXIS_TITLE_SIZE = 20
WIDTH = 640
HEIGHT = 360

# grade colours: hot is red, cooling to blue; won green, out grey
GRADE_COLORS: dict[str, str] = {
    "H": "#d62728",
    "A": "#ff7f0e",
    "B": "#f2c12e",
    "C": "#1f77b4",
    "O": "#2ca02c",
    "D": "#17becf",
    "F": "#7f7f7f",
    "Z": "#bcbcbc",
}
_fonts_registered = False


def configure(chart: alt.TopLevelMixin, title: str | None = None) -> alt.TopLevelMixin:
    """Big fonts and the CJK font everywhere; `title` on top."""
    if title is not None:
        chart = chart.properties(title=alt.TitleParams(title, anchor="start"))
    return (
        chart.configure(font=FONT)
        .configure_title(font=FONT, fontSize=TITLE_SIZE, offset=12)
        .configure_axis(
            labelFont=FONT, titleFont=FONT, labelFontSize=LABEL_SIZE, titleFontSize=AXIS_TITLE_SIZE, labelLimit=260
        )
        .configure_legend(
            labelFont=FONT, titleFont=FONT, labelFontSize=LABEL_SIZE, titleFontSize=AXIS_TITLE_SIZE, symbolSize=260
        )
        .configure_header(labelFont=FONT, titleFont=FONT, labelFontSize=LABEL_SIZE, titleFontSize=AXIS_TITLE_SIZE)
        .configure_text(font=FONT)
        .configure_view(stroke=None)
    )


def _color(field: str, title: str, order: Sequence[str], colors: dict[str, str] | None, labels: dict[str, str]):
    domain = [labels.get(v, v) for v in order]
    range_ = [(colors or GRADE_COLORS).get(v, "#888888") for v in order]
    return alt.Color(f"{field}:N", title=title, scale=alt.Scale(domain=domain, range=range_), sort=domain)


def xy_chart(
    data: pd.DataFrame,
    mark: Literal["bars", "lines"],
    *,
    x: str,
    y: str,
    color: str,
    title: str,
    x_title: str,
    y_title: str,
    color_title: str,
    color_order: Sequence[str],
    color_labels: dict[str, str] | None = None,
    colors: dict[str, str] | None = None,
    horizontal: bool = False,
    x_order: Sequence[str] | None = None,
) -> alt.TopLevelMixin:
    """`y` over `x` coloured by `color` (codes shown through `color_labels`, in `color_order`).

    "bars": stacked bars, one per `x` value (`horizontal` puts them down the side, readable
    however many there are); "lines": lines with points and value labels over an ordinal `x`
    (in `x_order`, else as they come).
    """
    labels = color_labels or {}
    df = data.assign(**{color: data[color].map(lambda v: labels.get(v, v))})
    colour = _color(color, color_title, color_order, colors, labels)
    if mark == "lines":
        sort = list(x_order) if x_order is not None else list(dict.fromkeys(df[x]))
        base = alt.Chart(df).encode(
            x=alt.X(f"{x}:O", title=x_title, sort=sort, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(tickMinStep=1)),
            color=colour,
        )
        chart = (
            base.mark_line(point=alt.OverlayMarkDef(size=140), strokeWidth=4)
            + base.mark_text(dy=-16, fontSize=LABEL_SIZE, fontWeight="bold").encode(text=f"{y}:Q")
        ).properties(width=WIDTH, height=HEIGHT)
        return configure(chart, title)
    order = {labels.get(v, v): i for i, v in enumerate(color_order)}
    df = df.assign(_order=df[color].map(order).fillna(len(order)))
    cats = list(dict.fromkeys(df[x]))
    cat_axis = alt.Axis(labelAngle=0) if not horizontal else alt.Axis()
    cat = (alt.Y if horizontal else alt.X)(f"{x}:N", title=x_title, sort=cats, axis=cat_axis)
    val = (alt.X if horizontal else alt.Y)(f"sum({y}):Q", title=y_title, axis=alt.Axis(tickMinStep=1))
    bars = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            **({"y": cat, "x": val} if horizontal else {"x": cat, "y": val}),
            color=colour,
            order=alt.Order("_order:Q", sort="ascending"),
            tooltip=[
                alt.Tooltip(f"{x}:N", title=x_title),
                alt.Tooltip(f"{color}:N", title=color_title),
                alt.Tooltip(f"{y}:Q", title=y_title),
            ],
        )
        .properties(width=WIDTH, height=max(HEIGHT, 34 * len(cats)) if horizontal else HEIGHT)
    )
    return configure(bars, title)


def stacked_bars(data: pd.DataFrame, **spec: Any) -> alt.TopLevelMixin:
    """Stacked bars, e.g. the grade mix per consultant (keywords as `xy_chart`)."""
    return xy_chart(data, "bars", **spec)


def lines(data: pd.DataFrame, **spec: Any) -> alt.TopLevelMixin:
    """Lines with value labels, e.g. H/A counts week by week (keywords as `xy_chart`)."""
    return xy_chart(data, "lines", **spec)


def hbars(
    data: pd.DataFrame,
    *,
    category: str,
    value: str,
    title: str,
    value_title: str,
    category_title: str = "",
    text: str | None = None,
    color: str = "#1f77b4",
    percent: bool = False,
) -> alt.TopLevelMixin:
    """Horizontal bars in the given row order, with the value (or `text` column) at each bar's end.

    Used for the funnel (leads → test drives → orders → deliveries) and conversion by source.
    """
    order = list(dict.fromkeys(data[category]))
    axis = alt.Axis(format="%", tickCount=5) if percent else alt.Axis(tickMinStep=1)
    base = alt.Chart(data).encode(
        y=alt.Y(f"{category}:N", title=category_title or None, sort=order),
        x=alt.X(f"{value}:Q", title=value_title, axis=axis),
    )
    label = text or value
    fmt = ".0%" if percent and text is None else ""
    chart = (
        base.mark_bar(color=color, cornerRadiusEnd=4)
        + base.mark_text(align="left", dx=6, fontSize=LABEL_SIZE, fontWeight="bold").encode(
            text=alt.Text(f"{label}:{'Q' if text is None else 'N'}", format=fmt) if fmt else alt.Text(f"{label}")
        )
    ).properties(width=WIDTH, height=max(160, 64 * len(order)))
    return configure(chart, title)


def _register_fonts() -> None:
    global _fonts_registered
    if _fonts_registered:
        return
    import vl_convert as vlc

    for d in FONT_DIRS:
        if Path(d).is_dir():
            vlc.register_font_directory(d)
            break
    _fonts_registered = True


def png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """The chart as PNG bytes (vl-convert, with the system's CJK fonts), e.g. for downloads and exports."""
    return _png(json.dumps(chart.to_dict(), sort_keys=True, default=str), scale)


@functools.lru_cache(maxsize=32)
def _png(spec_json: str, scale: float) -> bytes:
    # rendering takes a second or more; the same chart is asked for by its PNG button and the export
    import vl_convert as vlc

    _register_fonts()
    return vlc.vegalite_to_png(json.loads(spec_json), scale=scale)
