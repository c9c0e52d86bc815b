"""Number and date locales for vl-convert, so chart axes follow the current language.

Split out of :mod:`cocreate_kit.charts` (which imports :func:`_locale_args`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .i18n import LOCALES, vega_format_locale


@lru_cache(maxsize=8)
def _format_locale(language: str) -> dict[str, Any]:
    """The d3 number locale for ``language``: d3's own (vl-convert ships them) with the
    percent sign spaced as Babel spaces it ("25 %" in Danish, "25%" in English), so axis
    ticks match the text. A language d3 has no locale for (a translator's new one) gets
    one built from Babel's number symbols."""
    import vl_convert as vlc
    from babel import Locale

    babel = Locale.parse(LOCALES.get(language, language))
    try:
        out = dict(vlc.get_format_locale(vega_format_locale(language)))
    except ValueError:
        symbols = babel.number_symbols.get("latn", babel.number_symbols)
        out = {
            "decimal": symbols["decimal"],
            "thousands": symbols["group"],
            "grouping": [3],
            "currency": ["", ""],
        }
    pattern = babel.percent_formats[None].pattern
    out["percent"] = "\u00a0%" if "\u00a0%" in pattern or " %" in pattern else "%"
    return out


@lru_cache(maxsize=8)
def _time_format_locale(language: str) -> str | dict[str, Any]:
    """d3's time locale name for ``language``, or one built from Babel's month and day
    names when d3 has none."""
    import vl_convert as vlc
    from babel import Locale

    try:
        name = vega_format_locale(language)
        vlc.get_time_format_locale(name)
        return name
    except ValueError:
        babel = Locale.parse(LOCALES.get(language, language))
    months, days = babel.months["format"], babel.days["format"]
    order = [6, 0, 1, 2, 3, 4, 5]  # d3 starts the week on Sunday, Babel on Monday
    return {
        "dateTime": "%x %X",
        "date": "%Y-%m-%d",
        "time": "%H:%M:%S",
        "periods": [babel.periods.get("am", "AM"), babel.periods.get("pm", "PM")],
        "days": [days["wide"][i] for i in order],
        "shortDays": [days["abbreviated"][i] for i in order],
        "months": [months["wide"][i] for i in range(1, 13)],
        "shortMonths": [months["abbreviated"][i] for i in range(1, 13)],
    }


def _locale_args(language: str) -> dict[str, Any]:
    """``format_locale`` and ``time_format_locale`` for vl-convert, for ``language``."""
    return {
        "format_locale": _format_locale(language),
        "time_format_locale": _time_format_locale(language),
    }
