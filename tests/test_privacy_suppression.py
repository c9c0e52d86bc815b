"""Small-cell suppression edge cases, including the metrics-by-segment helper."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cocreate_kit.privacy import suppress_counts, suppress_crosstab, suppress_segments


@pytest.mark.parametrize(
    ("counts", "k", "hidden"),
    [
        ([40, 3, 12, 25], 5, [False, True, True, False]),  # primary + secondary
        ([40, 3, 2, 25], 5, [False, True, True, False]),  # two small: no extra cell
        ([5, 5, 5], 5, [False, False, False]),  # exactly k is shown
        ([4, 4, 4], 5, [True, True, True]),  # all small
        ([3], 5, [True]),  # a single small group
        ([0, 30, 3], 5, [False, True, True]),  # zero is not hidden and not a partner
        ([2, 30, 40], 1, [False, False, False]),  # k = 1 hides nothing
        ([3, 6, 60], 10, [True, True, False]),  # configurable k
    ],
)
def test_suppress_counts_cases(counts, k, hidden):
    t = pd.DataFrame({"g": list("abcd"[: len(counts)]), "n": counts})
    out = suppress_counts(t, "n", k=k)
    assert out["suppressed"].tolist() == hidden
    # never exactly one hidden non-zero cell: the total could reveal it
    assert out["suppressed"].sum() != 1 or len(counts) == 1


def test_suppress_counts_rejects_bad_k():
    with pytest.raises(ValueError, match="at least 1"):
        suppress_counts(pd.DataFrame({"n": [1]}), "n", k=0)


def test_suppress_segments_blanks_text_columns_and_keeps_total():
    t = pd.DataFrame(
        {
            "segment": ["All", "A", "B", "C"],
            "n": [44, 30, 2, 12],
            "grade": ["C", "B", "A+", "D"],
            "mean": [70.0, 72.0, 90.0, 60.0],
        }
    )
    out = suppress_segments(t, "segment", k=5, total_label="All")
    assert out["suppressed"].tolist() == [False, False, True, True]
    assert pd.isna(out.loc[2, "grade"])
    assert pd.isna(out.loc[3, "mean"]) and out.loc[0, "n"] == 44
    assert out["segment"].tolist() == ["All", "A", "B", "C"]


def test_suppress_segments_takes_by_and_warns_for_segment():
    t = pd.DataFrame({"role": ["A", "B", "C"], "n": [30, 2, 9]})
    want = suppress_segments(t, by="role", k=5)
    assert want["suppressed"].tolist() == [False, True, True]
    with pytest.warns(DeprecationWarning, match="use by="):
        old = suppress_segments(t, segment="role", k=5)
    pd.testing.assert_frame_equal(old, want)
    with pytest.raises(TypeError, match="both by= and"):
        suppress_segments(t, "role", segment="role")
    with pytest.raises(TypeError, match="needs by="):
        suppress_segments(t)


def test_crosstab_no_line_with_single_hidden_cell():
    rng = np.random.default_rng(3)
    for _ in range(30):
        ct = pd.DataFrame(rng.integers(0, 12, (4, 5)))
        out = suppress_crosstab(ct, k=5)
        hidden = out.isna().to_numpy() & (ct.to_numpy() > 0)
        vals = ct.to_numpy()
        # every cell < k and > 0 hidden
        assert (hidden | ~((vals > 0) & (vals < 5))).all()
        for i in range(hidden.shape[0]):
            nz = (vals[i] > 0).sum()
            assert hidden[i].sum() != 1 or nz == 1
        for j in range(hidden.shape[1]):
            nz = (vals[:, j] > 0).sum()
            assert hidden[:, j].sum() != 1 or nz == 1
