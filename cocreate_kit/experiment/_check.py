"""``cocreate check experiment FILE [--plan PLAN]``: validate a prototype-test file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._errors import DataError, ProblemCollector
from ..i18n import _, fmt_int
from ..io import read_table, sniff_csv
from ..roles import merge_mapping
from ._design import Design
from ._infer import _BIN_WORDS, _is_binary, infer_kinds
from ._plan import Plan, read_plan
from ._prepare import prepare
from ._roles import infer_roles, with_roles

__all__ = ["check_file", "infer_kinds", "_BIN_WORDS", "_is_binary"]


def check_file(
    path: str | Path,
    plan: str | Path | Plan | None = None,
    *,
    design: Design | None = None,
    columns: dict[str, Any] | None = None,
) -> str:
    """Validate a prototype-test file; return a short summary of what was found/assumed.

    The file is checked with the same code the analysis runs, under the design the plan
    describes (:meth:`Design.from_plan`: its variant and participant columns, control,
    Likert scale and ``paired``), or under ``design``, or the defaults (between-subject).
    The role of every column is printed with its reason (:func:`infer_roles`);
    ``columns=`` (what ``--map``/``--kind``/``--mapping`` give) sets roles. A
    within-subject study passes when every participant has a row for every variant.

    Raises
    ------
    DataError
        Every problem in the file (and plan) at once; without a variant column, which
        ``--map variant=COLUMN`` / ``columns=`` to add.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> print(check_file(dataset_path("experiment/home_care_form.csv")).splitlines()[0])
    Rows: 60; columns: participant, variant, completed, time_s, errors, sus, satisfaction.
    """
    data = read_table(path)
    if plan is not None and not isinstance(plan, Plan):
        plan = read_plan(plan)
    if design is None:
        design = Design.from_plan(plan) if plan is not None else Design()
    user = columns if plan is not None else merge_mapping(design.columns, columns)
    roles = infer_roles(data, columns=user, plan=plan)
    design = with_roles(design, roles, [str(c) for c in data.columns])
    variant, participant = design.variant, design.participant
    lines = [
        _("Rows: {n}; columns: {columns}.").format(
            n=fmt_int(len(data)), columns=", ".join(map(str, data.columns))
        )
    ]
    lines.append(
        _("Format: {format}, one row per participant (and variant).").format(
            format=_format(Path(path))
        )
    )
    if plan is not None:
        metrics = dict(plan.metrics)
        lines.append(
            _("Plan {source} (SHA-256 {sha}): primary metric {metric}.").format(
                source=plan.source or "", sha=plan.sha256[:12], metric=plan.primary_metric
            )
        )
    else:
        metrics = {k: v for k, v in (roles.mapping().get("metrics") or {}).items() if v}
        lines.append(
            _("No plan given; assumed metric kinds: {kinds}.").format(
                kinds=", ".join(f"{k} = {v}" for k, v in metrics.items()) or _("(none found)")
            )
        )
    lines.append(_("Column roles:"))
    lines.extend(roles.shown_notes())
    lines.extend(f"- {ln}" for ln in roles.lines())
    pc = ProblemCollector(data.attrs.get("source"))
    seen: set[str] = set()
    part = participant if participant in data.columns else None
    counts: dict[str, int] = {}
    if not metrics:
        pc.add(
            expected=_(
                "at least one metric column (numbers, yes/no or durations): add "
                "--kind 'COLUMN=KIND' on the command line or "
                "columns={{'metrics': {{COLUMN: KIND}}}} "
                "(kinds: binary, time, sus, likert, count, continuous)"
            ).format()
        )
    for name, kind in metrics.items():
        try:
            prep = prepare(
                data,
                variant=variant,
                metric=name,
                kind=kind,
                control=design.control,
                participant=part,
                paired=design.paired,
                scale=design.scale,
            )
            counts = prep.n_assigned
            del prep  # free this metric's groups before the next one is prepared
        except DataError as exc:
            for p in exc.problems:
                key = str(p)
                if key not in seen:
                    seen.add(key)
                    pc.problems.append(p)
    pc.raise_if_any()
    lines.append(
        _("Variants: {variants}.").format(
            variants=", ".join(
                _("{variant} ({n} rows)").format(variant=v, n=fmt_int(n)) for v, n in counts.items()
            )
        )
    )
    if design.paired:
        lines.append(
            _(
                "Design: within-subject (paired); every participant in {participant} has a "
                "row for every variant."
            ).format(participant=repr(participant))
        )
    if plan is not None:
        for d in plan.deviations(n_per_variant=counts):
            lines.append(_("Deviation: {deviation}").format(deviation=d))
    return "\n".join(lines)


def _format(p: Path) -> str:
    """The file format in words: "CSV (';'-separated, decimal comma, utf-8)"."""
    suffix = p.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return _("Excel workbook")
    if suffix == ".json":
        return "JSON"
    fmt = sniff_csv(p)
    sep = {",": "','", ";": "';'", "\t": _("tab")}.get(fmt.delimiter, repr(fmt.delimiter))
    mark = _("decimal comma") if fmt.decimal == "," else _("decimal point")
    return _("CSV ({separator}-separated, {mark}, {encoding})").format(
        separator=sep, mark=mark, encoding=fmt.encoding
    )
