"""Stage funnel: cases reaching and stopping in each stage of a journey, from an event log.

The event-log definitions (event order, end activities, drop-offs) are those of
:mod:`cocreate_kit.journey._eventlog`; this module maps activities to the journey's stages
through each step's ``activity_keys`` and suppresses small groups when split ``by`` a column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .._result import Result
from ..charts import Figure
from ..i18n import _, fmt_int
from ..privacy import suppress_counts
from ..thresholds import DEFAULT_K
from ._charts import funnel_chart, funnel_description
from ._eventlog import _end_list, ordered_tables
from ._model import Journey
from ._source import connect, prepare, q

__all__ = ["StageFunnel", "stage_funnel"]


class StageFunnel(Result):
    """Cases reaching and stopping in each stage, as a result (see :func:`stage_funnel`).

    Made by :meth:`cocreate_kit.journey.JourneyProject.funnel`, or from a funnel table.

    Attributes
    ----------
    table : DataFrame
        :func:`stage_funnel`'s output (already suppressed when split ``by`` a column).
    by : str or None
        The grouping column, if any.
    k : int
        Suppression threshold used.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"stage": ["s1", "s2"], "stage_name": ["Ask", "Get"], "order": [1, 2],
    ...                   "cases": [10, 6], "drop_offs": [4, 0], "drop_off_rate": [0.4, 0.0]})
    >>> StageFunnel(t).summary()
    "10 cases reach 'Ask'. Most cases stop in 'Ask': 4 (40% of those reaching it)."
    """

    @property
    def title(self) -> str:  # type: ignore[override]
        return _("Cases reaching each stage")

    def __init__(self, table: pd.DataFrame, *, by: str | None = None, k: int = DEFAULT_K) -> None:
        self.table = table
        self.by = by
        self.k = k
        hidden = int(table["suppressed"].sum()) if "suppressed" in table else 0
        self._warnings = (
            [
                _(
                    "{hidden} of {n} {by}-stage rows are hidden: fewer than {k} cases "
                    "(or hidden to protect such a row)."
                ).format(hidden=fmt_int(hidden), n=fmt_int(len(table)), by=by, k=fmt_int(k))
            ]
            if hidden
            else []
        )

    def summary(self) -> str:
        """Cases at the first stage and the largest drop-off (per group: how many groups)."""
        if self.by is None:
            return funnel_description(self.table)
        groups = self.table[self.by].nunique()
        return _(
            "Cases reaching each stage, split by {by} ({groups} groups; a case belongs to "
            "the group of its first event)."
        ).format(by=repr(self.by), groups=fmt_int(groups))

    def chart(self) -> Figure:
        """Stacked bars of cases per stage (only without ``by``: a split funnel is a table)."""
        if self.by is not None:
            msg = _("A funnel split by {by} is shown as a table; there is no chart.").format(
                by=repr(self.by)
            )
            raise NotImplementedError(msg)
        return funnel_chart(self.table)

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [(_("Cases reaching and stopping in each stage"), self.table)]


def stage_funnel(
    events: pd.DataFrame | str | Path,
    journey: Journey,
    *,
    columns: Mapping[str, Any] | None = None,
    case: str | None = None,
    activity: str | None = None,
    timestamp: str | None = None,
    end_activities: Sequence[str] | None = None,
    by: str | None = None,
    k: int = DEFAULT_K,
    tie_break: str = "activity",
) -> pd.DataFrame:
    """Cases reaching each stage of ``journey`` and the cases that stop there.

    Activities map to steps through each step's ``activity_keys``, and steps to stages.
    A case *reaches* a stage if it has any event of an activity mapped to that stage. It
    *drops off* in a stage if its last event maps to that stage and is not an end activity
    (same definitions as :func:`event_log_metrics`). Activities mapped to no step are
    ignored here.

    With ``by`` (a segment or channel column), the funnel is split by group. A case
    belongs to the group of its first event (ties by the group's text). Groups are
    people's attributes, so rows with fewer than ``k`` cases, and drop-off counts below
    ``k``, are suppressed with :func:`cocreate_kit.privacy.suppress_counts` (secondary
    suppression within each stage).

    ``columns=`` (roles, as in :func:`event_log_metrics`; inferred when not given) and
    ``tie_break`` (``"activity"`` or ``"file"``, the order of events with equal time
    stamps) work as in :func:`event_log_metrics`.

    Returns
    -------
    DataFrame
        ``stage, stage_name, order, cases, drop_offs, drop_off_rate`` in stage order;
        with ``by``, a leading group column named after ``by`` and a ``suppressed``
        column.

    Examples
    --------
    >>> import pandas as pd
    >>> from cocreate_kit.journey import Journey, Stage, Step
    >>> j = Journey("j", "t", "s", "as_is", stages=(Stage("s1", 1, "Ask"), Stage("s2", 2, "Get")),
    ...             steps=(Step("a", "s1", 1, "A", activity_keys=("apply",)),
    ...                    Step("d", "s2", 1, "D", activity_keys=("decide",))))
    >>> log = pd.DataFrame({"case_id": ["x", "x", "y"], "activity": ["apply", "decide", "apply"],
    ...                     "timestamp": ["2026-01-01", "2026-01-02", "2026-01-01"]})
    >>> stage_funnel(log, j, end_activities=["decide"])[["stage", "cases", "drop_offs"]]
      stage  cases  drop_offs
    0    s1      2          1
    1    s2      1          0
    """
    ends = _end_list(end_activities)
    mapping = [(key, s.stage) for s in journey.steps for key in s.activity_keys]
    stages = journey.ordered_stages()
    con = connect()
    try:
        prepare(
            con,
            events,
            columns=columns,
            explicit={"case": case, "activity": activity, "timestamp": timestamp},
            extra=[by] if by else [],
            tie_break=tie_break,
        )
        sql = ordered_tables(con, ends, tie_break)
        group = "'all'"
        if by:
            tie = "__row" if tie_break == "file" else f"CAST({q(by)} AS VARCHAR)"
            con.execute(
                "CREATE TEMP TABLE case_group AS SELECT case_id, grp FROM ("
                f"SELECT case_id, CAST({q(by)} AS VARCHAR) AS grp, "
                "ROW_NUMBER() OVER (PARTITION BY case_id ORDER BY timestamp, "
                f"{tie}) AS r FROM events) AS t WHERE r = 1"
            )
            group = "g.grp"
        join = "JOIN case_group g ON o.case_id = g.case_id " if by else ""
        con.execute("CREATE TEMP TABLE amap (activity VARCHAR, stage VARCHAR)")
        if mapping:
            con.executemany("INSERT INTO amap VALUES (?, ?)", mapping)
        ends_cte = sql["steps"].split(",\ncounts AS")[0]
        df = con.execute(
            f"{ends_cte},\n"
            f"reach AS (SELECT {group} AS grp, m.stage, COUNT(DISTINCT o.case_id) AS cases\n"
            f"          FROM ordered o JOIN amap m ON o.activity = m.activity {join}\n"
            "          GROUP BY 1, 2),\n"
            f"drops AS (SELECT {group} AS grp, m.stage, COUNT(DISTINCT o.case_id) AS drop_offs\n"
            f"          FROM ordered o JOIN amap m ON o.activity = m.activity {join}\n"
            "          WHERE o.next_ts IS NULL AND o.activity NOT IN (SELECT activity FROM ends)\n"
            "          GROUP BY 1, 2)\n"
            "SELECT r.grp, r.stage, r.cases, COALESCE(d.drop_offs, 0) AS drop_offs\n"
            "FROM reach r LEFT JOIN drops d ON r.stage = d.stage AND r.grp = d.grp"
        ).df()
    finally:
        con.close()
    base = pd.DataFrame(
        {
            "stage": [s.id for s in stages],
            "stage_name": [s.name for s in stages],
            "order": [s.order for s in stages],
        }
    )
    groups = sorted(df["grp"].astype(str).unique()) if by else ["all"]
    grid = pd.concat([base.assign(grp=g) for g in groups], ignore_index=True)
    df["grp"] = df["grp"].astype(str)
    out = grid.merge(df, on=["grp", "stage"], how="left")
    out["cases"] = out["cases"].fillna(0).astype("int64")
    out["drop_offs"] = out["drop_offs"].fillna(0).astype("int64")
    out["drop_off_rate"] = (out["drop_offs"] / out["cases"].where(out["cases"] > 0)).astype(
        "float64"
    )
    if not by:
        return out.drop(columns=["grp"])
    out = out.rename(columns={"grp": by})[
        [by, "stage", "stage_name", "order", "cases", "drop_offs", "drop_off_rate"]
    ]
    out = suppress_counts(
        out, "cases", k=k, by="stage", columns=["cases", "drop_offs", "drop_off_rate"]
    )
    hidden_groups = out.pop("suppressed")
    # Drop-offs are counts of people too: hide small ones (and a partner per stage).
    out = suppress_counts(out, "drop_offs", k=k, by="stage", columns=["drop_offs", "drop_off_rate"])
    out["suppressed"] = hidden_groups | out["suppressed"]
    return out.sort_values(["order", by], kind="stable").reset_index(drop=True)
