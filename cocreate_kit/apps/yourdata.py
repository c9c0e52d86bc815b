"""The "your data" app: upload a file, see and change each column's role, see the analysis.

The no-code route of issue 9: a stakeholder or designer who has a survey export, a
usability-test sheet or an event log, and no Python, opens this app in ``cocreate serve``.

1. **Choose what the file is** (the first control): a survey (feedback), a usability or
   A/B test (experiment) or an event log (journey). One app with a chooser rather than
   three: people often do not know which pillar their file belongs to, and switching shows
   at once how each one reads it.
2. **Upload** a CSV, Excel (.xlsx), JSON or XES (``.xes``, ``.xes.gz``) file. The bytes
   are read with :func:`cocreate_kit.io.read_table_bytes` (XES: the journey pillar's
   ``read_xes``, which takes bytes): **in memory only**.
   Nothing is written to disk, not even a temporary file; the data lives in this viewer's
   kernel and is gone when the tab closes (``cocreate serve`` stops the kernel). The app
   says so in one sentence. Until a file is uploaded, the app shows the bundled synthetic
   sample of the chosen kind, so a first visit shows what an analysis looks like.
3. **The roles** the pillar inferred (``<pillar>.infer_roles``), one line per column with
   the reason, and one labelled drop-down per column to change it. A change is passed
   back to the pillar as ``columns=`` (only the roles the user set; the pillar infers the
   rest again, so choosing a new variant column frees the old one).
4. **The analysis**, by the pillar's public API with the same ``columns=`` as step 3 (the
   roles the user set; ``{}`` before any change, exactly what a notebook with the
   template's default ``columns = {}`` does): ``load_survey`` / ``analyse`` /
   ``event_log_metrics``, shown by the pillar's own app where there is one, so suppression
   (groups under ``k``) and redaction (free text through :func:`cocreate_kit.privacy.redact`
   inside the pillar) are exactly those of the other apps. For the bundled survey sample the recruitment deny-list of
   names is used too; an uploaded survey is redacted by the pattern rules (e-mails, phone
   and CPR numbers, addresses, URLs): names need a deny-list, as everywhere in the kit.
5. **"Download the mapping"**: a link whose address is a ``data:`` URI holding the YAML of
   :meth:`Roles.to_yaml <cocreate_kit.roles.Roles.to_yaml>`, the same file ``cocreate
   check --write-mapping`` writes, so a design team can move the analysis into a notebook
   (the template's ``columns`` parameter) or the command line (``--mapping``). No request
   leaves the browser.

Errors never show a traceback: a :class:`~cocreate_kit.DataError` (or ``ValueError``) shows
its message, which names file, row, column, value and what was expected; anything else is
logged to the server log and the viewer reads one sentence.

Language: ``language=`` ("en", "da"; default the current language when the app is built).
Every state change (upload, chooser, role drop-downs) is computed and shown inside
:func:`~cocreate_kit.i18n.use_language`, so the embedded pillar app is built in the same
language; in ``cocreate serve`` the header holds the language switch.

Uploads are limited to :data:`UPLOAD_LIMIT_BYTES` (4 MiB): ``cocreate serve`` ignores
websocket messages above that size (``_viewers.MAX_MESSAGE_BYTES``), and the same limit is
applied in the kernel so JupyterLab behaves the same. Larger files: use a notebook or
``cocreate check``.
"""

from __future__ import annotations

import base64
import logging
import sys
import traceback
from pathlib import PurePath
from typing import Any

from .. import i18n
from .._brief import brief_html
from .._errors import DataError
from .._html import MAX_LABEL, clip, esc, html_table
from ..i18n import N_, _, fmt_int, fmt_number, use_language
from ..thresholds import DEFAULT_K
from . import _pillar_routes as routes
from ._base import (
    App,
    Shown,
    _request_query,
    default_language,
    dropdown,
    is_served,
    language_switch,
)

__all__ = ["UPLOAD_LIMIT_BYTES", "YourDataApp", "your_data_app"]

log = logging.getLogger("cocreate_kit.apps")

#: Largest upload read (bytes); ``cocreate serve`` drops larger websocket messages.
UPLOAD_LIMIT_BYTES = 4 * 2**20

MEMORY_NOTE = N_(
    "Your file is read into this app's memory only: it is never written to disk, and it is "
    "gone when you close this tab."
)
_ACCEPT = ".csv,.tsv,.txt,.xlsx,.xlsm,.json,.xes,.gz"
_FRIENDLY = N_(
    "This file could not be analysed; the details have been written to the server log for "
    "the app's maintainers."
)
DEFAULT_TITLE = N_("Analyse your own data")


class YourDataApp(Shown):
    """Upload, roles, analysis and the mapping download (see the module docstring).

    The state changes only through :meth:`load` (an upload), :meth:`use_sample`,
    :meth:`set_kind` and :meth:`set_role` (a drop-down); the widgets call these, and tests
    call them directly.

    Attributes
    ----------
    kind : str
        ``feedback``, ``experiment`` or ``journey``.
    source : str
        The file shown: the upload's name, or the sample's.
    roles : Roles or None
        What the pillar inferred (with the user's choices applied); None if it failed.
    analysis : App or None
        The pillar's app for the analysis; None if it failed.
    error : str
        The message shown instead of roles or analysis ("" when all went well).
    """

    def __init__(
        self,
        kind: str = "feedback",
        *,
        k: int = DEFAULT_K,
        title: str = DEFAULT_TITLE,
        language: str | None = None,
    ) -> None:
        if kind not in routes.SAMPLES:
            msg = _("kind must be one of {kinds}, got {kind!r}").format(
                kinds=", ".join(routes.SAMPLES), kind=kind
            )
            raise ValueError(msg)
        self.language = i18n.normalise_language(language) if language else default_language()
        self.kind = kind
        self.k = k
        self.title = title
        self.choices: dict[str, tuple[str, str]] = {}
        self.roles: Any = None
        self.analysis: App | None = None
        self.error = ""
        self.source = ""
        self._data: tuple[bytes, str] | None = None
        self._sample: tuple[bytes, str] = (b"", "")
        self._dropdowns_stale = True
        self._widgets: dict[str, Any] = {}
        self.use_sample()

    # -- state changes --------------------------------------------------------------------

    def load(self, data: bytes, name: str) -> None:
        """Analyse an uploaded file (its bytes and name); nothing is written to disk."""
        self.choices = {}
        self._data = (bytes(data), PurePath(str(name).replace("\\", "/")).name)
        self._refresh()

    def use_sample(self) -> None:
        """Show the bundled synthetic sample of the current kind."""
        from ..datasets import sample_project

        project, role = routes.SAMPLES[self.kind]
        with use_language(self.language):
            path = sample_project(project)[role]
        self.choices = {}
        self._data = None
        self._sample = (path.read_bytes(), path.name)
        self._refresh()

    def set_kind(self, kind: str) -> None:
        """Read the same file as another kind of data (or that kind's sample)."""
        if kind not in routes.SAMPLES:
            msg = _("kind must be one of {kinds}, got {kind!r}").format(
                kinds=", ".join(routes.SAMPLES), kind=kind
            )
            raise ValueError(msg)
        self.kind = kind
        if self._data is None:
            self.use_sample()
        else:
            self.choices = {}
            self._refresh()

    def set_role(self, column: str, role: str, detail: str = "") -> None:
        """Give ``column`` a role (as its drop-down does) and analyse again."""
        self.choices[str(column)] = (str(role), str(detail))
        self._refresh()

    # -- what is shown ----------------------------------------------------------------------

    @property
    def is_sample(self) -> bool:
        return self._data is None

    @property
    def mapping(self) -> dict[str, Any]:
        """Every column's role as a ``columns=`` mapping (what the download holds)."""
        return self.roles.mapping() if self.roles is not None else {}

    def mapping_yaml(self) -> str:
        """The roles as YAML (:meth:`Roles.to_yaml`), or "" when there are none."""
        return self.roles.to_yaml() if self.roles is not None else ""

    def download_html(self) -> str:
        """An in-page link that downloads :meth:`mapping_yaml` (a ``data:`` URI, offline)."""
        text = self.mapping_yaml()
        if not text:
            return ""
        b64 = base64.b64encode(text.encode("utf-8")).decode("ascii")
        stem = PurePath(self.source).name.split(".")[0] or "data"
        fname = esc(clip(f"{stem}_columns.yaml", MAX_LABEL))
        with use_language(self.language):
            link = esc(_("Download the mapping ({file})").format(file=fname))
            rest = esc(
                _(
                    "the same roles as YAML, for the template's {columns} parameter or {check}."
                ).format(columns="\x00c", check="\x00k")
            )
        rest = rest.replace("\x00c", "<code>columns</code>").replace(
            "\x00k", "<code>cocreate check --mapping</code>"
        )
        return (
            f'<p><a class="ck-download" style="text-decoration:underline" download="{fname}" '
            f'href="data:text/yaml;charset=utf-8;base64,{b64}">{link}</a>: {rest}</p>'
        )

    def status_html(self) -> str:
        """Which file is shown, the roles table and notes, or the error."""
        with use_language(self.language):
            return self._status_html()

    def _status_html(self) -> str:
        source = clip(self.source, MAX_LABEL * 2)
        shown = (
            _("Showing the bundled synthetic sample {file}; upload a file to see your own.")
            if self.is_sample
            else _("Showing your file {file}.")
        ).format(file=source)
        parts = [f'<p class="ck-note">{esc(shown)}</p>']
        if self.error:
            lines = "".join(f"<li>{esc(clip(ln))}</li>" for ln in self.error.splitlines()[1:])
            first = esc(clip(self.error.splitlines()[0] if self.error else ""))
            parts.append(
                f'<div class="ck-warning" role="alert"><p>{first}</p>'
                + (f"<ul>{lines}</ul>" if lines else "")
                + "</div>"
            )
        if self.roles is not None:
            notes = "".join(f"<li>{esc(clip(n))}</li>" for n in self.roles.shown_notes())
            if notes:
                parts.append(f"<ul class='ck-notes'>{notes}</ul>")
            table = self.roles.table.assign(
                role=[r.what() for r in self.roles.roles],
                reason=[r.why() if r.reason else "" for r in self.roles.roles],
                given=[_("you") if r.given else _("inferred") for r in self.roles.roles],
            )[["column", "role", "reason", "given"]]
            headers = {
                "column": _("column"),
                "role": _("role"),
                "reason": _("reason"),
                "given": _("set by"),
            }
            parts.append(html_table(table.rename(columns=headers), _("The role of each column")))
            parts.append(self.download_html())
        return "".join(parts)

    # -- computing ------------------------------------------------------------------------

    def _refresh(self) -> None:
        with use_language(self.language):
            self._refresh_in_language()

    def _refresh_in_language(self) -> None:
        data, name = self._data or self._sample
        self.source = name
        self.error = ""
        self.analysis = None
        read = False
        try:
            if len(data) > UPLOAD_LIMIT_BYTES:
                msg = _(
                    "{file}: {size} MiB is more than this app reads ({limit} MiB); analyse it "
                    "in a notebook or with cocreate check"
                ).format(
                    file=name,
                    size=fmt_number(len(data) / 2**20, 1),
                    limit=fmt_int(UPLOAD_LIMIT_BYTES / 2**20),
                )
                raise ValueError(msg)
            frame = routes.read_upload(self.kind, data, name)
            read = True
            self.roles = None
            given = routes.overrides_mapping(self.choices)
            self.roles = routes.infer_roles(self.kind, frame, given)
            self._dropdowns_stale = True
            self.analysis = routes.analysis_app(
                self.kind, frame, given, k=self.k, names=self._names()
            )
            self.analysis.show_switch = False  # the your-data header has the switch
        except (DataError, ValueError) as exc:
            self.error = str(exc)
        except Exception:  # viewers never see a traceback
            print(traceback.format_exc(), file=sys.__stderr__, flush=True)
            log.exception("Your-data app failed on %r (%s)", name, self.kind)
            self.error = _(_FRIENDLY)
        if not read:
            # A file that cannot be read has no columns to choose roles for. When only
            # the roles failed (a user's choice the pillar refuses), the drop-downs stay,
            # so the choice can be changed back.
            self.roles = None
            self._dropdowns_stale = True
        self._redraw()

    def _names(self) -> list[str]:
        """The recruitment deny-list, for the bundled survey sample only."""
        if self.kind != "feedback" or not self.is_sample:
            return []
        from ..datasets import sample_project
        from ..feedback import load_names

        with use_language(self.language):
            return load_names(sample_project("feedback").names)

    # -- widgets --------------------------------------------------------------------------

    def widget(self) -> Any:
        """The ipywidgets VBox of the app (built once; redrawn on every change)."""
        if "app" in self._widgets:
            return self._widgets["app"]
        with use_language(self.language):
            return self._build_widget()

    def _header_html(self) -> str:
        """Language switch (served), then the briefing head: the title as the page's
        ``<h1>``, one line saying what this is (memory only, ``k``) and the synthetic-data
        banner while the bundled sample is shown. The headline cards are the embedded
        analysis app's (a level-2 heading with the cards of whatever file is shown)."""
        nav = language_switch(self.language, _request_query()) if is_served() else ""
        return nav + brief_html(_(str(self.title)), self._what(), synthetic=self.is_sample)

    def _what(self) -> str:
        note = _(
            "Groups smaller than {k} people are never shown, and free text is shown with "
            "personal data removed."
        ).format(k=fmt_int(self.k))
        return f"{_(MEMORY_NOTE)} {note}"

    def _build_widget(self) -> Any:
        import ipywidgets as w

        kinds = dropdown(_("What is in your file?"), routes.kind_options(), self.kind)
        upload = w.FileUpload(
            accept=_ACCEPT,
            multiple=False,
            description=_("Upload your file (CSV, Excel .xlsx, JSON or XES)"),
            layout=w.Layout(width="auto", max_width="100%"),
        )
        controls = w.VBox([kinds, upload])
        controls.add_class("ck-controls")
        status = w.HTML()
        status.add_class("ck-output")
        roles_box = w.VBox()
        roles_box.add_class("ck-roles")
        analysis_box = w.VBox()
        header = w.HTML(self._header_html())
        header.add_class("ck-app-head")
        app = w.VBox([header, controls, status, roles_box, analysis_box])
        app.add_class("ck-app")
        kinds.observe(lambda ch: self.set_kind(ch["new"]), names="value")
        upload.observe(self._on_upload, names="value")
        self._widgets = {"app": app, "status": status, "roles": roles_box, "header": header}
        self._widgets["analysis"] = analysis_box
        self._redraw()
        return app

    def _on_upload(self, change: Any) -> None:
        files = change["new"]
        if not files:
            return
        item = files[-1]
        self.load(bytes(item["content"]), str(item["name"]))

    def _redraw(self) -> None:
        if "app" not in self._widgets:
            return
        with use_language(self.language):
            self._redraw_in_language()

    def _redraw_in_language(self) -> None:
        import ipywidgets as w

        self._widgets["header"].value = self._header_html()  # the banner goes on upload
        self._widgets["status"].value = self.status_html()
        if self._dropdowns_stale:
            # The old drop-downs are not closed: one of them may be running this change.
            self._widgets["roles"].children = self._role_dropdowns()
            self._dropdowns_stale = False
        old = self._widgets["analysis"].children
        analysis = self.analysis.widget() if self.analysis is not None else w.HTML("")
        self._widgets["analysis"].children = (analysis,)
        for c in old:
            c.close()

    def _role_dropdowns(self) -> tuple[Any, ...]:
        import ipywidgets as w

        if self.roles is None:
            return ()
        options = routes.role_choices(self.kind, self.roles)
        heading = esc(_("Change a column's role"))
        out = [w.HTML(f"<h3>{heading}</h3>")]
        for r in self.roles.roles:
            label = _("Role of {column}").format(column=r.column)
            dd = dropdown(label, dict(options), (r.role, r.detail))
            dd.observe(lambda ch, col=r.column: self.set_role(col, *ch["new"]), names="value")
            out.append(dd)
        return tuple(out)

    def static_html(self) -> str:
        """The sample's roles and analysis as static HTML (``cocreate export``)."""
        with use_language(self.language):
            note = esc(
                _(
                    "Uploading a file works in the served app ({serve}); this page shows the "
                    "bundled sample."
                ).format(serve="\x00s")
            ).replace("\x00s", "<code>cocreate serve</code>")
            head = brief_html(_(str(self.title)), self._what(), synthetic=self.is_sample)
        head += f'<p class="ck-note">{note}</p>'
        body = self.analysis.static_html() if self.analysis is not None else ""
        return f'<section class="ck-app">{head}{self.status_html()}</section>{body}'


def your_data_app(
    kind: str = "feedback",
    *,
    k: int = DEFAULT_K,
    title: str = DEFAULT_TITLE,
    language: str | None = None,
) -> YourDataApp:
    """The "your data" app, starting on ``kind`` with its bundled sample, in ``language``
    (default: the current language).

    Examples
    --------
    >>> app = your_data_app("experiment")
    >>> app.is_sample, app.error
    (True, '')
    >>> app.roles.column("variant")
    'variant'
    """
    return YourDataApp(kind, k=k, title=title, language=language)
