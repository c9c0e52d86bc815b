"""App harness shared by every stakeholder app."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .. import i18n
from .._brief import brief_html, method_html
from .._html import MAX_LABEL, clip, esc
from ..i18n import N_, _, use_language

__all__ = [
    "App",
    "asked_language",
    "dropdown",
    "toggle",
    "checkbox",
    "int_slider",
    "float_slider",
    "is_static",
    "is_served",
    "language_switch",
]

log = logging.getLogger("cocreate_kit.apps")

_FRIENDLY_ERROR = N_(
    "This view could not be drawn for the chosen settings. Try other settings; the details "
    "have been written to the server log for the app's maintainers."
)
#: Environment variable ``cocreate serve`` sets for its kernels: the app is live in Voila,
#: so the language switch (links that reload the page) works.
SERVED_VARIABLE = "COCREATE_SERVED"
#: Seconds a redraw may take before the busy indicator shows.
BUSY_AFTER = 0.3


def is_static() -> bool:
    """True when running under ``cocreate export`` (render once, no widgets)."""
    return os.environ.get("COCREATE_STATIC", "") == "1"


def is_served() -> bool:
    """True in a kernel started by ``cocreate serve`` (Voila), where the page has a URL
    that ``?language=xx`` can change; False in JupyterLab and in static exports."""
    return os.environ.get(SERVED_VARIABLE, "") == "1" and not is_static()


def _request_query() -> list[tuple[str, str]]:
    """The page's query parameters (Voila passes them to the kernel), without ``token``
    and ``language``: a link must never carry the access token."""
    from urllib.parse import parse_qsl

    pairs = parse_qsl(os.environ.get("QUERY_STRING", ""), keep_blank_values=True)
    return [(k, v) for k, v in pairs if k not in ("token", "language")]


def default_language() -> str:
    """The language of an app built without ``language=``: in a served page the page's
    ``?language=`` (Voila passes the query to the kernel), so a notebook without a
    ``language`` parameter follows the switch too; else the current language."""
    if is_served():
        from urllib.parse import parse_qsl

        return asked_language(dict(parse_qsl(os.environ.get("QUERY_STRING", ""))).get("language"))
    return i18n.get_language()


def asked_language(asked: str | None) -> str:
    """``asked`` (a ``?language=`` value) when it names an offered language, else the
    current language (an unknown one is ignored, not an error: it comes from a URL).

    Examples
    --------
    >>> asked_language("da-DK"), asked_language("xx"), asked_language(None)
    ('da', 'en', 'en')
    """
    if asked:
        try:
            return i18n.normalise_language(asked)
        except ValueError:
            pass
    return i18n.get_language()


def language_switch(current: str | None = None, query: Sequence[tuple[str, str]] = ()) -> str:
    """The language switch: a ``nav`` labelled in every offered language ("Language /
    Sprog") with one link per language, named in its own language.

    Each link is ``?language=xx`` plus the page's other query parameters (never ``token``),
    carries ``lang``/``hreflang``, and the current language has ``aria-current="true"``.

    Examples
    --------
    >>> html = language_switch("da")
    >>> 'aria-label="Language / Sprog"' in html and 'href="?language=en"' in html
    True
    >>> 'href="?language=da" lang="da" hreflang="da" aria-current="true"' in html
    True
    >>> ">Dansk</a>" in html
    True
    """
    from urllib.parse import urlencode

    current = current or i18n.get_language()
    query = [(k, v) for k, v in query if k not in ("token", "language")]
    labels = []
    for code in i18n.languages():
        with use_language(code):
            label = _(i18n.SWITCH_LABEL)
        if label not in labels:
            labels.append(label)
    label = " / ".join(labels)
    links = []
    for code in i18n.languages():
        href = "?" + urlencode([*query, ("language", code)])
        mark = ' aria-current="true"' if code == current else ""
        weight = ";font-weight:700" if code == current else ""
        name = i18n.LANGUAGE_NAMES.get(code, code)
        links.append(
            f'<a href="{esc(href)}" lang="{esc(code)}" hreflang="{esc(code)}"{mark}'
            f' style="text-decoration:underline{weight}">{esc(name)}</a>'
        )
    return (
        f'<nav class="ck-language" aria-label="{esc(label)}"><span aria-hidden="true">'
        f"{esc(label)}:</span> {' · '.join(links)}</nav>"
    )


def _style() -> dict[str, str]:
    return {"description_width": "initial"}


def _layout(width: str = "auto") -> Any:
    import ipywidgets as w

    return w.Layout(width=width, max_width="100%")


def _options(options: Sequence[Any] | Mapping[str, Any]) -> list[tuple[str, Any]]:
    """(label, value) pairs; labels come from data, so they are cut to ``MAX_LABEL``
    characters and lose bidi controls (ipywidgets shows them as text, never as HTML)."""
    pairs = options.items() if isinstance(options, Mapping) else ((v, v) for v in options)
    return [(clip(label, MAX_LABEL), value) for label, value in pairs]


def dropdown(label: str, options: Sequence[Any] | Mapping[str, Any], value: Any = None) -> Any:
    """A labelled Dropdown. ``options`` may be values or a {label: value} mapping."""
    import ipywidgets as w

    opts = _options(options)
    kw: dict[str, Any] = {}
    if value is not None:
        kw["value"] = value
    return w.Dropdown(options=opts, description=label, style=_style(), layout=_layout(), **kw)


def toggle(label: str, options: Sequence[Any] | Mapping[str, Any], value: Any = None) -> Any:
    """Labelled toggle buttons for 2-4 choices (e.g. as-is / to-be)."""
    import ipywidgets as w

    opts = _options(options)
    kw: dict[str, Any] = {}
    if value is not None:
        kw["value"] = value
    return w.ToggleButtons(options=opts, description=label, style=_style(), **kw)


def checkbox(label: str, value: bool = False) -> Any:
    """A labelled Checkbox."""
    import ipywidgets as w

    return w.Checkbox(value=value, description=label, indent=False, style=_style())


def _slider(
    cls_name: str, label: str, value: float, lo: float, hi: float, step: float, **extra: Any
) -> Any:
    import ipywidgets as w

    return getattr(w, cls_name)(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=label,
        style=_style(),
        layout=_layout("min(100%, 520px)"),
        continuous_update=False,
        **extra,
    )


def int_slider(label: str, value: int, min: int, max: int, step: int = 1) -> Any:
    """A labelled integer slider whose value is also shown as text."""
    return _slider("IntSlider", label, value, min, max, step)


def float_slider(label: str, value: float, min: float, max: float, step: float) -> Any:
    """A labelled float slider whose value is also shown as text."""
    return _slider("FloatSlider", label, value, min, max, step, readout_format=".2f")


class Shown:
    """What every app shares for display: widgets in a live kernel, static HTML under
    ``cocreate export``. Subclasses provide ``widget()`` and ``static_html()``."""

    def widget(self) -> Any:
        raise NotImplementedError

    def static_html(self) -> str:
        raise NotImplementedError

    def show(self) -> None:
        """Display the app: widgets in a live kernel, static HTML under ``cocreate export``."""
        from IPython.display import HTML, display

        if is_static():
            display(HTML(self.static_html()))
        else:
            display(self.widget())

    def _ipython_display_(self) -> None:
        self.show()


class App(Shown):
    """Labelled controls plus one HTML output area, redrawn on every change.

    Parameters
    ----------
    title : str
        Heading of the app section.
    controls : mapping of str to widget
        Keyword name -> ipywidgets control. Each control's ``value`` is passed to ``render``
        under that name.
    render : callable
        ``render(**values) -> str`` returns an HTML fragment. It must only return data that
        may be shown to stakeholders (redacted, suppressed).
    intro : str, optional
        One line saying what this is, shown under the heading (the page pattern's "what
        this is", :mod:`cocreate_kit._brief`).
    cards : sequence of Card, optional
        The headline: 2-4 :class:`~cocreate_kit._brief.Card` objects the pillar computed
        (e.g. ``result.headline_cards()``), shown right under the heading, before any
        control. They do not change with the controls: they are the answer of the whole
        analysis.
    synthetic : bool, optional
        Show the synthetic-data banner under the heading (pass the notebook's
        ``files.is_sample``).
    method : str, optional
        Trusted HTML of method notes, shown last, collapsed under "How this was computed".
    level : int, optional
        Heading level of ``title``: 1 (the page heading) by default; 2 for an app shown
        inside another one.
    language : str, optional
        The app's language (``"da"``, ``"en"``); default: the current language when the app
        is built (:func:`cocreate_kit.i18n.get_language`). Header, output and every redraw
        are rendered in it.

    Notes on language
    -----------------
    ``title`` and ``intro`` are shown through ``_()``: the kit's own default titles are
    catalogue messages and appear translated; a design team's own title is shown as given.
    In a served app (``cocreate serve``) the header holds the language switch
    (:func:`language_switch`); JupyterLab and static exports have no page URL to switch, so
    it is left out there. While a redraw takes longer than :data:`BUSY_AFTER` seconds the
    output shows a "Working…" status (``role="status"``), so the page never looks frozen.

    Notes
    -----
    Widget values from the browser are untrusted input: ``render`` receives them only
    after they matched one of the control's options (ipywidgets enforces this for
    Dropdown/ToggleButtons and slider bounds). Any exception in ``render`` is logged with its
    traceback to the server log (the kernel's real stderr) and the viewer sees a short
    message, never a traceback.
    """

    #: False for an app shown inside another one (its host shows the switch).
    show_switch = True

    def __init__(
        self,
        title: str,
        controls: Mapping[str, Any],
        render: Callable[..., str],
        *,
        intro: str = "",
        cards: Sequence[Any] = (),
        synthetic: bool = False,
        method: str = "",
        level: int = 1,
        language: str | None = None,
    ) -> None:
        self.language = i18n.normalise_language(language) if language else default_language()
        self.title = title
        self.controls = dict(controls)
        self.render = render
        self.intro = intro
        self.cards = list(cards)
        self.synthetic = bool(synthetic)
        self.method = method
        self.level = level
        self._widget: Any = None
        self._output: Any = None
        self._status: Any = None

    def values(self) -> dict[str, Any]:
        """Current control values by name."""
        return {name: ctl.value for name, ctl in self.controls.items()}

    def html(self, **overrides: Any) -> str:
        """Render the output for the current (or overridden) values, never raising."""
        values = {**self.values(), **overrides}
        with use_language(self.language):
            try:
                return self.render(**values)
            except Exception:  # viewers must never see a traceback
                print(traceback.format_exc(), file=sys.__stderr__, flush=True)
                log.exception("App %r failed to render with %r", self.title, values)
                return f'<p class="ck-warning" role="alert">{esc(_(_FRIENDLY_ERROR))}</p>'

    def _header(self, switch: bool = False) -> str:
        """Language switch, then the briefing head: title, what this is, banner, cards."""
        with use_language(self.language):
            nav = language_switch(self.language, _request_query()) if switch else ""
            what = _(str(self.intro)) if self.intro else ""
            head = brief_html(
                _(str(self.title)), what, self.cards, synthetic=self.synthetic, level=self.level
            )
        return f"{nav}{head}"

    def _method(self) -> str:
        with use_language(self.language):
            return method_html(self.method)

    def _busy(self) -> str:
        with use_language(self.language):
            text = esc(_("Working…"))
        return f'<p class="ck-busy" role="status" aria-live="polite">{text}</p>'

    def widget(self) -> Any:
        """The ipywidgets VBox of this app (built once)."""
        if self._widget is None:
            import ipywidgets as w

            self._output = w.HTML(value=self.html())
            self._output.add_class("ck-output")
            self._status = w.HTML(value="")
            self._status.add_class("ck-status")
            for ctl in self.controls.values():
                ctl.observe(self._on_change, names="value")
            controls = w.VBox(list(self.controls.values()))
            controls.add_class("ck-controls")
            header = w.HTML(self._header(switch=is_served() and self.show_switch))
            header.add_class("ck-app-head")
            parts = [header, controls, self._status, self._output]
            if self.method:
                parts.append(w.HTML(self._method()))
            self._widget = w.VBox(parts)
            self._widget.add_class("ck-app")
        return self._widget

    def _on_change(self, _change: Any) -> None:
        """Redraw; a timer shows "Working…" if the redraw is not done within
        :data:`BUSY_AFTER` seconds (the kernel sends the status while render runs)."""
        import threading

        timer = threading.Timer(BUSY_AFTER, self._show_busy)
        timer.daemon = True
        timer.start()
        try:
            self._output.value = self.html()
        finally:
            timer.cancel()
            self._status.value = ""

    def _show_busy(self) -> None:
        self._status.value = self._busy()

    def static_html(self) -> str:
        """The default view as static HTML, with the settings it shows spelled out."""
        settings = "; ".join(
            f"{getattr(c, 'description', n) or n}: {_label_of(c)}" for n, c in self.controls.items()
        )
        with use_language(self.language):
            shown = _("Settings shown: {settings}.").format(settings=clip(settings))
        note = f'<p class="ck-note">{esc(shown)}</p>' if settings else ""
        return (
            f'<section class="ck-app">{self._header()}{note}{self.html()}{self._method()}</section>'
        )


def _label_of(ctl: Any) -> str:
    label = getattr(ctl, "label", None)
    return str(label if label is not None else ctl.value)
