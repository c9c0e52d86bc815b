"""The landing-page explorer app: contacts per channel and month (synthetic sample data).

The app only shows :class:`cocreate_kit.explore.Exploration` results: the choices come from
:func:`~cocreate_kit.explore.channels` and :func:`~cocreate_kit.explore.measure_options`, and
every view is one :func:`~cocreate_kit.explore.explore` call.

Examples
--------
>>> from cocreate_kit.datasets import read_dataset
>>> app = explorer_app(read_dataset("explorer_visits.csv"))
>>> list(app.controls)
['measure', 'channel']
>>> 'role="img"' in app.html()
True

``language="da"`` builds the app in Danish: labels, options, the chart and its numbers.
"""

from __future__ import annotations

import pandas as pd

from .._brief import notes_html
from .._html import esc
from ..explore import (
    ALL_CHANNELS,
    channel_label,
    channels,
    explore,
    measure_options,
    overview,
)
from ..i18n import N_, _, use_language
from ._base import App, dropdown, toggle

#: The app's default title and its introduction (English msgids, shown translated).
TITLE = N_("Contacts per channel")
INTRO = N_(
    "Contacts, satisfaction and cost per channel, month by month: choose a measure and a "
    "channel below."
)

__all__ = ["explorer_app"]


def explorer_app(
    data: pd.DataFrame,
    *,
    title: str = TITLE,
    language: str | None = None,
    synthetic: bool = False,
) -> App:
    """An :class:`~cocreate_kit.apps.App` with a measure Dropdown and a channel selector.

    Parameters
    ----------
    data : DataFrame
        Validated visits (see :func:`cocreate_kit.explore.load_visits`).
    title : str
        Heading of the app (the default is translated; a team's own title is shown as given).
    language : str, optional
        ``"en"`` or ``"da"``; ``None``: the current language. Labels, options and every
        redraw use it.
    synthetic : bool, optional
        Show the synthetic-data banner (the notebook passes ``files.is_sample``).

    The headline cards are the whole file's :func:`~cocreate_kit.explore.overview` for all
    channels (contacts, share satisfied, cost per contact); they do not change with the
    controls. Its method notes are shown collapsed at the end.
    """
    with use_language(language) as lang:
        options = {channel_label(c): c for c in channels(data)}
        controls = {
            "measure": dropdown(_("Measure"), measure_options(), value="contacts"),
            "channel": toggle(_("Channel"), options, value=ALL_CHANNELS),
        }
        heading, intro = _(title), _(INTRO)
        glance = overview(data)
        cards = glance.headline_cards()
        method = notes_html(glance.method_notes())

    def render(measure: str, channel: str) -> str:
        with use_language(lang):
            result = explore(data, measure=measure, channel=channel)
            return f'<p class="ck-summary">{esc(result.summary())}</p>{result.chart().to_html()}'

    return App(
        heading,
        controls,
        render,
        intro=intro,
        cards=cards,
        synthetic=synthetic,
        method=method,
        language=lang,
    )
