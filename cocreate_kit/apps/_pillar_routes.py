"""How the "your data" app talks to each pillar: roles, the analysis, the role choices.

Private to :mod:`cocreate_kit.apps`. Every call goes to a name in the pillar's ``__all__``
(``infer_roles``, ``load_survey``, ``analyse``, ``event_log_metrics``) with ``columns=``,
the mapping format of :mod:`cocreate_kit.roles`; nothing here works a number out itself.
The analysis is shown by the pillar's own app where there is one (``feedback_app``,
``prototype_test_app``), so suppression and redaction are exactly those apps' rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._html import html_table
from ..i18n import N_, _, fmt_int
from ..roles import LIST_ROLES, MAPPING_ROLES, ColumnRole, Roles
from ._base import App

__all__ = [
    "KINDS",
    "SAMPLES",
    "analysis_app",
    "infer_roles",
    "overrides_mapping",
    "read_upload",
    "kind_options",
    "role_choices",
]


def kind_options() -> dict[str, str]:
    """:data:`KINDS` with its labels in the current language."""
    return {_(label): value for label, value in KINDS.items()}


#: The pillars a user can choose, as the chooser shows them (English msgids: show them
#: through :func:`kind_options`, which translates the labels).
KINDS = {
    N_("A survey (feedback analysis)"): "feedback",
    N_("A usability test or A/B test (prototype test)"): "experiment",
    N_("An event log (journey, process mining)"): "journey",
}

#: The bundled synthetic file shown before anything is uploaded: (sample project, role).
SAMPLES = {
    "feedback": ("feedback", "data"),
    "experiment": ("experiment", "data"),
    "journey": ("journey", "events"),
}

#: Roles offered when the pillar's :attr:`Roles.pillar_roles` is empty.
_FALLBACK_ROLES = {
    "feedback": ("respondent", "sus_items", "nps", "csat", "likert", "text", "segments"),
    "experiment": ("participant", "variant", "metrics", "text"),
    "journey": ("case", "activity", "timestamp", "lifecycle", "resource"),
}

# How a mapping key of ``pillar_roles`` becomes a column's role.
_KEY_ROLE = {"segments": "segment", "ignore": "ignored", "sus_items": "sus_item"}


def _pillar(kind: str) -> Any:
    if kind == "feedback":
        from .. import feedback

        return feedback
    if kind == "experiment":
        from .. import experiment

        return experiment
    if kind == "journey":
        from .. import journey

        return journey
    msg = _("Unknown kind of data {kind!r}; choose one of: {kinds}.").format(
        kind=kind, kinds=", ".join(KINDS.values())
    )
    raise ValueError(msg)


def read_upload(kind: str, data: bytes, name: str) -> Any:
    """The uploaded bytes as a DataFrame, in memory: XES (``.xes``, ``.xes.gz``) by the
    journey pillar's ``read_xes``, every other file by :func:`cocreate_kit.io.read_table_bytes`."""
    from .._errors import ProblemCollector
    from ..io import read_table_bytes

    if name.lower().endswith((".xes", ".xes.gz")):
        if kind != "journey":
            pc = ProblemCollector(name)
            pc.add(
                value=_("an XES event log"),
                expected=_(
                    "a table for this kind of data; an XES file is an event log: "
                    "choose 'An event log' first"
                ),
            )
            pc.raise_if_any()
        from ..journey import read_xes

        frame = read_xes(data)
        frame.attrs["source"] = name
        return frame
    return read_table_bytes(data, name)


def infer_roles(kind: str, frame: Any, columns: Mapping[str, Any] | None) -> Roles:
    """The pillar's ``infer_roles(frame, columns=...)``."""
    return _pillar(kind).infer_roles(frame, columns=dict(columns) if columns else None)


def overrides_mapping(choices: Mapping[str, tuple[str, str]]) -> dict[str, Any]:
    """``{column: (role, detail)}`` chosen in the app as a ``columns=`` mapping.

    Examples
    --------
    >>> overrides_mapping({"Version": ("variant", ""), "Tid": ("metric", "time")})
    {'variant': 'Version', 'metrics': {'Tid': 'time'}}
    """
    return Roles(
        ColumnRole(col, role, detail, given=True) for col, (role, detail) in choices.items()
    ).mapping()


def role_choices(kind: str, roles: Roles) -> list[tuple[str, tuple[str, str]]]:
    """(label, (role, detail)) pairs a column's drop-down offers, in the pillar's order.

    From the roles the pillar says it understands (``pillar_roles``: a metric once per
    kind, a SUS item once per number), every role the inference gave, and "ignored".
    """
    keys = roles.pillar_roles or _FALLBACK_ROLES[kind]
    pairs: list[tuple[str, str]] = []
    for key in keys:
        if key == "metrics":
            pairs += [("metric", k) for k in _metric_kinds(kind)]
        elif key == "sus_items":
            pairs += [("sus_item", str(i)) for i in range(1, 11)]
        elif key in LIST_ROLES or key in MAPPING_ROLES or key in _KEY_ROLE:
            pairs.append((_KEY_ROLE.get(key, key), ""))
        else:
            pairs.append((key, ""))
    pairs += [(r.role, r.detail) for r in roles.roles]
    pairs.append(("ignored", ""))
    out: dict[tuple[str, str], str] = {}
    for role, detail in pairs:
        out.setdefault((role, detail), ColumnRole("", role, detail).what())
    return [(label, value) for value, label in out.items()]


def _metric_kinds(kind: str) -> Sequence[str]:
    if kind == "experiment":
        from ..experiment import KIND

        return list(KIND)
    return []


def analysis_app(
    kind: str, frame: Any, mapping: Mapping[str, Any], *, k: int, names: Sequence[str]
) -> App:
    """The pillar's analysis of ``frame`` under ``mapping``, as an app to embed.

    The app's title is a level-2 heading under the "your data" page's ``<h1>`` and its
    headline cards (the pillar's ``headline_cards()``) are the page's headline: they
    describe the file shown, the bundled sample until an upload, then the upload.
    """
    app = _analysis_app(kind, frame, dict(mapping), k=k, names=names)
    app.level = 2
    return app


def _analysis_app(
    kind: str, frame: Any, columns: dict[str, Any], *, k: int, names: Sequence[str]
) -> App:
    if kind == "feedback":
        from ..feedback import load_survey
        from .feedback import feedback_app

        survey = load_survey(frame, columns=columns, names=names)
        intro = _(
            "Groups smaller than {k} respondents are never shown; comments are shown with "
            "personal data removed."
        ).format(k=fmt_int(k))
        try:
            app = feedback_app(survey, k=k, title=N_("Analysis of your survey"))
        except ValueError:  # the theme model cannot be fitted on these comments
            import dataclasses

            survey = dataclasses.replace(survey, text=[])
            app = feedback_app(survey, k=k, title=N_("Analysis of your survey"))
            intro += " " + _("No themes: the comments are too few or too alike to find themes in.")
        app.intro = intro
        return app
    if kind == "experiment":
        from ..experiment import analyse
        from .experiment import prototype_test_app

        return prototype_test_app(
            analyse(frame, columns=columns), title=N_("Analysis of your test")
        )
    from ..journey import event_log_metrics

    metrics = event_log_metrics(frame, columns=columns)
    html, hidden = _event_log_html(metrics, k)
    # The pillar's cards name counts of cases (where most stop), as its summary does: shown
    # only when no count had to be hidden, so no card is about fewer than k cases.
    return App(
        N_("Analysis of your event log"),
        {},
        lambda: html,
        intro=_("Activities and paths of fewer than {k} cases are hidden.").format(k=fmt_int(k)),
        cards=[] if hidden else metrics.headline_cards(),
    )


def _event_log_html(metrics: Any, k: int) -> tuple[str, bool]:
    """The event log's tables with counts of fewer than ``k`` cases suppressed, and whether
    any count had to be hidden.

    As the stage funnel does: activities done in fewer than ``k`` cases are hidden
    (:func:`cocreate_kit.privacy.suppress_counts`, with secondary suppression), and so are
    drop-off counts from 1 to ``k - 1`` (with their rate); paths of fewer than ``k`` cases
    are left out. The pillar's summary sentence names counts, so it is shown only when no
    count had to be hidden; otherwise the app says how many cases and events there are.
    """
    from .._html import esc
    from ..privacy import suppress_counts

    steps = suppress_counts(metrics.steps, "cases", k=k)
    small = steps["drop_offs"].between(1, k - 1)
    steps.loc[small, ["drop_offs", "drop_off_rate"]] = None
    paths = suppress_counts(metrics.variants, "cases", k=k, columns=["cases", "share"])
    hidden = bool(steps["suppressed"].any() or small.any() or paths["suppressed"].any())
    paths = paths[~paths["suppressed"]].head(10)
    summary = (
        _("{cases} cases and {events} events; counts of fewer than {k} cases are hidden.").format(
            cases=fmt_int(metrics.n_cases), events=fmt_int(metrics.n_events), k=fmt_int(k)
        )
        if hidden
        else metrics.summary()
    )
    steps_caption = _("Metrics per activity (fewer than {k} cases hidden)").format(k=fmt_int(k))
    paths_caption = _("The most common paths (paths of fewer than {k} cases left out)").format(
        k=fmt_int(k)
    )
    html = (
        f'<p class="ck-summary">{esc(summary)}</p>'
        + html_table(_shown_headers(steps), steps_caption)
        + html_table(_shown_headers(paths), paths_caption)
    )
    return html, hidden


#: Headers of the event-log tables as people read them (the DataFrames keep the API names).
_HEADERS = {
    "activity": N_("activity"),
    "cases": N_("cases"),
    "drop_offs": N_("drop-offs"),
    "drop_off_rate": N_("drop-off rate"),
    "median_to_next_s": N_("median time to next step (s)"),
    "p90_to_next_s": N_("90th percentile time to next step (s)"),
    "rework_cases": N_("cases with rework"),
    "suppressed": N_("hidden (fewer than k)"),
    "path": N_("path"),
    "share": N_("share"),
}


def _shown_headers(frame: Any) -> Any:
    """A display copy of ``frame`` with translated column headers."""
    return frame.rename(columns={c: _(_HEADERS[c]) for c in frame.columns if c in _HEADERS})
