"""Small-cell suppression (core): primary and secondary, checked cell by cell."""

import numpy as np
import pandas as pd
import pytest

from cocreate_kit.privacy import suppress_counts, suppress_crosstab


def test_single_small_cell_gets_a_secondary_partner():
    t = pd.DataFrame({"seg": list("ABCD"), "n": [40, 3, 12, 25], "mean": [3.1, 4.0, 2.5, 3.3]})
    out = suppress_counts(t, "n", k=5)
    assert out["suppressed"].tolist() == [False, True, True, False]
    assert out["n"].isna().tolist() == [False, True, True, False]
    assert out["mean"].isna().tolist() == [False, True, True, False]
    assert t["n"].tolist() == [40, 3, 12, 25]  # input untouched


def test_two_small_cells_need_no_secondary_and_zero_is_not_hidden():
    t = pd.DataFrame({"seg": list("ABCD"), "n": [40, 3, 2, 0]})
    assert suppress_counts(t, k=5)["suppressed"].tolist() == [False, True, True, False]


def test_threshold_is_configurable_and_validated():
    t = pd.DataFrame({"seg": list("AB"), "n": [8, 30]})
    assert suppress_counts(t, k=5)["suppressed"].tolist() == [False, False]
    assert suppress_counts(t, k=10)["suppressed"].tolist() == [True, True]
    with pytest.raises(ValueError, match="at least 1"):
        suppress_counts(t, k=0)


def test_secondary_within_groups():
    t = pd.DataFrame({"dim": ["age"] * 3 + ["area"] * 3, "n": [2, 10, 20, 9, 8, 15]})
    out = suppress_counts(t, k=5, by="dim")
    assert out["suppressed"].tolist() == [True, True, False, False, False, False]


def test_crosstab_no_line_with_a_single_hidden_cell():
    rng = np.random.default_rng(1)
    for _ in range(200):
        ct = pd.DataFrame(rng.integers(0, 12, size=(4, 5)))
        out = suppress_crosstab(ct, k=5)
        hidden = out.isna().to_numpy()
        vals = ct.to_numpy()
        # primary: every 1..k-1 cell is hidden; shown cells keep their values
        assert not (((vals > 0) & (vals < 5)) & ~hidden).any()
        assert (out.to_numpy()[~hidden] == vals[~hidden]).all()
        # secondary: a line with exactly one hidden cell has nothing else to hide (all zeros)
        for line_hidden, line_vals in [
            *zip(hidden, vals, strict=True),
            *zip(hidden.T, vals.T, strict=True),
        ]:
            if line_hidden.sum() == 1:
                assert (line_vals[~line_hidden] == 0).all()


def test_crosstab_lone_hidden_cell_only_when_partners_are_zero():
    ct = pd.DataFrame([[3, 0], [0, 0]])
    out = suppress_crosstab(ct, k=5)
    assert out.isna().to_numpy().tolist() == [[True, False], [False, False]]
