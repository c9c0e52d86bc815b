"""The interactive layer: ipywidgets apps that stakeholders use in Voila.

Nothing in the analysis pillars imports this package; it depends on them, never the other
way round (apps -> pillars -> core). Each app is an :class:`App`: labelled controls and one
output area that is redrawn, as HTML, whenever a control changes.

When the environment variable ``COCREATE_STATIC=1`` is set (``cocreate export`` sets it),
an app renders its default view once as static HTML instead of widgets, so exported reports
need no kernel or widget JavaScript.

Every app takes ``language=`` ("en", "da"; default the current language) and renders its
header, output and redraws in it; served apps show a language switch (:func:`language_switch`).
"""

from __future__ import annotations

from ._base import (
    App,
    asked_language,
    checkbox,
    dropdown,
    float_slider,
    int_slider,
    is_served,
    is_static,
    language_switch,
    toggle,
)

__all__ = [
    "App",
    "asked_language",
    "checkbox",
    "dropdown",
    "float_slider",
    "int_slider",
    "is_served",
    "is_static",
    "language_switch",
    "toggle",
]
