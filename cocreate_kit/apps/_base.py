"""App harness shared by every stakeholder app."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .._html import MAX_LABEL, clip, esc

__all__ = ["App", "dropdown", "toggle", "checkbox", "int_slider", "float_slider", "is_static"]

log = logging.getLogger("cocreate_kit.apps")

_FRIENDLY_ERROR = (
    '<p class="ck-warning" role="alert">This view could not be drawn for the chosen '
    "settings. Try other settings; the details have been written to the server log for the "
    "app's maintainers.</p>"
)


def is_static() -> bool:
    """True when running under ``cocreate export`` (render once, no widgets)."""
    return os.environ.get("COCREATE_STATIC", "") == "1"


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
        One sentence shown under the heading.

    Notes
    -----
    Widget values from the browser are untrusted input: ``render`` receives them only
    after they matched one of the control's options (ipywidgets enforces this for
    Dropdown/ToggleButtons and slider bounds). Any exception in ``render`` is logged with its
    traceback to the server log (the kernel's real stderr) and the viewer sees a short
    message, never a traceback.
    """

    def __init__(
        self,
        title: str,
        controls: Mapping[str, Any],
        render: Callable[..., str],
        *,
        intro: str = "",
    ) -> None:
        self.title = title
        self.controls = dict(controls)
        self.render = render
        self.intro = intro
        self._widget: Any = None
        self._output: Any = None

    def values(self) -> dict[str, Any]:
        """Current control values by name."""
        return {name: ctl.value for name, ctl in self.controls.items()}

    def html(self, **overrides: Any) -> str:
        """Render the output for the current (or overridden) values, never raising."""
        values = {**self.values(), **overrides}
        try:
            return self.render(**values)
        except Exception:  # viewers must never see a traceback
            print(traceback.format_exc(), file=sys.__stderr__, flush=True)
            log.exception("App %r failed to render with %r", self.title, values)
            return _FRIENDLY_ERROR

    def _header(self) -> str:
        intro = f"<p>{esc(clip(self.intro))}</p>" if self.intro else ""
        return f"<h2>{esc(clip(self.title, MAX_LABEL))}</h2>{intro}"

    def widget(self) -> Any:
        """The ipywidgets VBox of this app (built once)."""
        if self._widget is None:
            import ipywidgets as w

            self._output = w.HTML(value=self.html())
            self._output.add_class("ck-output")
            for ctl in self.controls.values():
                ctl.observe(self._on_change, names="value")
            controls = w.VBox(list(self.controls.values()))
            controls.add_class("ck-controls")
            self._widget = w.VBox([w.HTML(self._header()), controls, self._output])
            self._widget.add_class("ck-app")
        return self._widget

    def _on_change(self, _change: Any) -> None:
        self._output.value = self.html()

    def static_html(self) -> str:
        """The default view as static HTML, with the settings it shows spelled out."""
        settings = "; ".join(
            f"{getattr(c, 'description', n) or n}: {_label_of(c)}" for n, c in self.controls.items()
        )
        note = f'<p class="ck-note">Settings shown: {esc(clip(settings))}.</p>' if settings else ""
        return f'<section class="ck-app">{self._header()}{note}{self.html()}</section>'


def _label_of(ctl: Any) -> str:
    label = getattr(ctl, "label", None)
    return str(label if label is not None else ctl.value)
