"""Fixtures shaped like the real process-mining files in ../shared/realworld (never copied).

* ``running-example.csv`` / ``.xes`` (pm4py, Fluxicon Nitro export): a pandas index column
  with a blank header, XES names next to Disco-style duplicates (``Activity``,
  ``Resource``), ``+01:00`` offsets; the XES has extensions, globals, classifiers and a
  trace attribute ``creator``. CSV and XES must give the same metrics.
* ``roadtraffic100traces.csv``: day-resolution time stamps with ``+01:00``/``+02:00``
  offsets, lifecycle ``complete`` throughout, empty cells in attribute columns.
* ``receipt.parquet``: naive ``TIMESTAMP_NS`` columns (several of them: the case's dates
  too), lifecycle ``complete`` throughout, ``case:*`` attributes.

Expected values are computed in the test by hand or with pandas/stdlib, independently of
the kit's SQL.
"""

from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pandas as pd

from cocreate_kit.journey import check_file, event_log_metrics, infer_roles

# (case, activity, resource, local time, offset hours)
RUNNING = [
    ("3", "register request", "Pete", "2010-12-30 14:32:00", 1),
    ("3", "examine casually", "Mike", "2010-12-30 15:06:00", 1),
    ("3", "decide", "Sara", "2011-01-06 09:18:00", 1),
    ("3", "pay compensation", "Ellen", "2011-01-15 10:45:00", 1),
    ("2", "register request", "Mike", "2010-12-30 11:32:00", 1),
    ("2", "check ticket", "Mike", "2010-12-30 12:12:00", 1),
    ("2", "decide", "Sara", "2011-01-05 11:22:00", 1),
    ("2", "reject request", "Pete", "2011-01-07 14:24:00", 1),
    ("1", "register request", "Pete", "2010-12-30 11:02:00", 1),
    ("1", "check ticket", "Mike", "2010-12-31 10:06:00", 1),
    ("1", "decide", "Sara", "2011-01-06 11:18:00", 1),
    ("1", "pay compensation", "Ellen", "2011-01-07 14:24:00", 1),
]


def _utc(local, hours):
    t = datetime.fromisoformat(local).replace(tzinfo=timezone(timedelta(hours=hours)))
    return t.astimezone(UTC)


def _running_csv(path):
    rows = [
        {
            "concept:name": a,
            "org:resource": r,
            "time:timestamp": f"{t}+0{h}:00",
            "Activity": a,
            "Resource": r,
            "Costs": 50 * (i + 1),
            "case:concept:name": c,
            "case:creator": "Fluxicon Nitro",
        }
        for i, (c, a, r, t, h) in enumerate(RUNNING)
    ]
    pd.DataFrame(rows).to_csv(path)  # with the index: a blank first header, as pm4py's


def _running_xes(path):
    head = """<?xml version='1.0' encoding='UTF-8'?>
<log>
  <string key="creator" value="Fluxicon Nitro"/>
  <extension name="Concept" prefix="concept" uri="http://code.deckfour.org/xes/concept.xesext"/>
  <extension name="Time" prefix="time" uri="http://code.deckfour.org/xes/time.xesext"/>
  <global scope="trace"><string key="concept:name" value="name"/></global>
  <global scope="event">
    <string key="concept:name" value="name"/>
    <date key="time:timestamp" value="2011-04-13T14:02:31.199+02:00"/>
  </global>
  <classifier name="Activity" keys="Activity"/>
"""
    body = []
    for case in dict.fromkeys(r[0] for r in RUNNING):
        body.append(
            f'  <trace>\n    <string key="concept:name" value="{case}"/>\n'
            '    <string key="creator" value="Fluxicon Nitro"/>'
        )
        for i, (c, a, r, t, h) in enumerate(RUNNING):
            if c != case:
                continue
            body.append(
                "    <event>\n"
                f'      <string key="concept:name" value="{a}"/>\n'
                f'      <string key="org:resource" value="{r}"/>\n'
                f'      <date key="time:timestamp" value="{t.replace(" ", "T")}.000+0{h}:00"/>\n'
                f'      <string key="Activity" value="{a}"/>\n'
                f'      <string key="Resource" value="{r}"/>\n'
                f'      <string key="Costs" value="{50 * (i + 1)}"/>\n'
                "    </event>"
            )
        body.append("  </trace>")
    path.write_text(head + "\n".join(body) + "\n</log>\n", encoding="utf-8")


def test_running_example_csv_and_xes_give_the_same_metrics(tmp_path):
    csv, xes = tmp_path / "running-example.csv", tmp_path / "running-example.xes"
    _running_csv(csv)
    _running_xes(xes)
    a, b = event_log_metrics(csv), event_log_metrics(xes)
    pd.testing.assert_frame_equal(a.steps, b.steps)
    pd.testing.assert_frame_equal(a.variants, b.variants)
    assert (a.n_cases, a.n_events) == (b.n_cases, b.n_events) == (3, 12)
    # by hand: decide -> next, in seconds (case 3: to 15 Jan 10:45; 2: to 7 Jan 14:24;
    # 1: to 7 Jan 14:24)
    gaps = sorted(
        (_utc(nxt, 1) - _utc(dec, 1)).total_seconds()
        for dec, nxt in [
            ("2011-01-06 09:18:00", "2011-01-15 10:45:00"),
            ("2011-01-05 11:22:00", "2011-01-07 14:24:00"),
            ("2011-01-06 11:18:00", "2011-01-07 14:24:00"),
        ]
    )
    decide = a.steps.set_index("activity").loc["decide"]
    assert decide["median_to_next_s"] == gaps[1]
    assert decide["p90_to_next_s"] == np.percentile(gaps, 90)
    assert a.end_activities == ["pay compensation"]
    # the XES names win over the Disco-style duplicates, in both files
    for roles in (a.roles, b.roles):
        t = roles.table.set_index("column")["role"]
        assert t["concept:name"] == "activity" and t["Activity"] == "ignored"
        assert t["org:resource"] == "resource" and t["Resource"] == "ignored"
        assert t["case:concept:name"] == "case"
    assert a.roles.table["column"].iloc[0] == "(unnamed column 1)"


def test_road_traffic_shape_offsets_ties_and_complete_lifecycle(tmp_path):
    rows = [
        ("35.0", "N77802", "Create Fine", "2005-03-23 00:00:00+01:00", "537"),
        ("", "N77802", "Send Fine", "2005-07-22 00:00:00+02:00", ""),
        ("36.0", "A17641", "Create Fine", "2007-07-14 00:00:00+02:00", "541"),
        ("", "A17641", "Payment", "2007-07-16 00:00:00+02:00", ""),
        ("35.0", "A100", "Create Fine", "2006-08-02 00:00:00+02:00", "561"),
        ("", "A100", "Send Fine", "2006-12-12 00:00:00+01:00", ""),
        ("", "A100", "Insert Fine Notification", "2007-01-15 00:00:00+01:00", ""),
        ("", "A100", "Add penalty", "2007-03-16 00:00:00+01:00", ""),
        ("", "A100", "Payment", "2007-03-16 00:00:00+01:00", ""),
    ]
    df = pd.DataFrame(
        [
            {
                "amount": amt,
                "case:concept:name": c,
                "concept:name": a,
                "lifecycle:transition": "complete",
                "org:resource": res,
                "time:timestamp": t,
            }
            for amt, c, a, t, res in rows
        ]
    )
    f = tmp_path / "roadtraffic.csv"
    df.to_csv(f, index=False)
    m = event_log_metrics(f)
    # Create Fine -> Send Fine across the March DST change: 23 Mar 00:00+01 -> 22 Jul
    # 00:00+02 is 120 days 23 hours; across the October change 2 Aug +02 -> 12 Dec +01 is
    # 132 days 1 hour. Payment follows Create Fine by 2 days in A17641.
    create = sorted(
        [
            (_utc("2005-07-22 00:00:00", 2) - _utc("2005-03-23 00:00:00", 1)).total_seconds(),
            (_utc("2006-12-12 00:00:00", 1) - _utc("2006-08-02 00:00:00", 2)).total_seconds(),
            2 * 86400.0,
        ]
    )
    assert create[1] == 120 * 86400 + 23 * 3600
    steps = m.steps.set_index("activity")
    assert steps.loc["Create Fine", "median_to_next_s"] == create[1]
    # lifecycle is complete throughout: nothing is left out, nothing noted
    assert m.n_events == 9 and not any("Lifecycle" in n for n in m.roles.notes)
    # Add penalty and Payment share a day in A100: 2 of 9 events = 22%, warned
    assert m.tied_events == 2
    assert any(w.startswith("22% of events (2 of 9)") for w in m.warnings())
    file_order = event_log_metrics(f, tie_break="file").variants["path"].tolist()
    assert (
        "Create Fine > Send Fine > Insert Fine Notification > Add penalty > Payment" in file_order
    )
    text = check_file(f)
    assert "ISO 8601 with UTC offsets (+01:00, +02:00), converted to UTC" in text
    assert "- `amount`: ignored (not used by the event-log metrics)" in text


def test_receipt_shape_parquet_counts_against_pandas(tmp_path):
    rng = np.random.default_rng(7)
    acts = ["Confirmation of receipt", "T02 Check", "T04 Determine", "T05 Print", "T10 Stop"]
    rows = []
    start = pd.Timestamp("2011-01-01 08:00")
    for case in range(60):
        n = int(rng.integers(1, 6))
        t = start + pd.Timedelta(hours=int(rng.integers(0, 5000)))
        for i in range(n):
            t += pd.Timedelta(minutes=int(rng.integers(0, 3000)))
            rows.append(
                {
                    "org:group": f"Group {rng.integers(1, 4)}",
                    "concept:instance": f"task-{len(rows)}",
                    "org:resource": f"Resource{rng.integers(1, 9)}",
                    "concept:name": acts[min(i + int(rng.integers(0, 2)), 4)],
                    "time:timestamp": t,
                    "lifecycle:transition": "complete",
                    "case:startdate": start,
                    "case:concept:name": f"case-{case}",
                    "case:channel": "Internet",
                    "case:enddate": pd.NaT,
                }
            )
    log = pd.DataFrame(rows)
    f = tmp_path / "receipt.parquet"
    log.to_parquet(f)
    m = event_log_metrics(f)
    ordered = log.sort_values(["case:concept:name", "time:timestamp", "concept:name"])
    paths = ordered.groupby("case:concept:name")["concept:name"].agg(" > ".join)
    assert m.n_cases == log["case:concept:name"].nunique()
    assert m.n_events == len(log)
    assert len(m.variants) == paths.nunique()
    assert m.variants.set_index("path")["cases"].to_dict() == paths.value_counts().to_dict()
    roles = infer_roles(f).table.set_index("column")
    assert roles.loc["time:timestamp", "role"] == "timestamp"
    assert roles.loc["case:startdate", "role"] == "ignored"
    assert roles.loc["time:timestamp", "detail"] == "date/time values without a time zone"
