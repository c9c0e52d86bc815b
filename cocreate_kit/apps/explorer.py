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
"""

from __future__ import annotations

import pandas as pd

from .._html import esc
from ..explore import ALL_CHANNELS, channels, explore, measure_options
from ._base import App, dropdown, toggle

__all__ = ["explorer_app"]


def explorer_app(data: pd.DataFrame, *, title: str = "Contacts per channel") -> App:
    """An :class:`~cocreate_kit.apps.App` with a measure Dropdown and a channel selector.

    Parameters
    ----------
    data : DataFrame
        Validated visits (see :func:`cocreate_kit.explore.load_visits`).
    title : str
        Heading of the app.
    """
    controls = {
        "measure": dropdown("Measure", measure_options(), value="contacts"),
        "channel": toggle("Channel", channels(data), value=ALL_CHANNELS),
    }

    def render(measure: str, channel: str) -> str:
        result = explore(data, measure=measure, channel=channel)
        return f'<p class="ck-summary">{esc(result.summary())}</p>{result.chart().to_html()}'

    return App(
        title,
        controls,
        render,
        intro="Choose a measure and a channel; the chart, the sentence and the table "
        "update. The data is synthetic.",
    )
