"""The landing-page explorer app: contacts per channel and month (synthetic sample data).

Examples
--------
>>> from cocreate_kit.datasets import read_dataset
>>> app = explorer_app(read_dataset("explorer_visits.csv"))
>>> list(app.controls)
['measure', 'channel']
>>> "<svg" in app.html()
True
"""

from __future__ import annotations

import pandas as pd

from .._html import esc
from ..explore import ALL_CHANNELS, MEASURES, explore
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
    channels = [ALL_CHANNELS, *sorted(data["channel"].astype(str).unique())]
    controls = {
        "measure": dropdown(
            "Measure", {label: key for key, (label, _) in MEASURES.items()}, value="contacts"
        ),
        "channel": toggle("Channel", channels, value=ALL_CHANNELS),
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
