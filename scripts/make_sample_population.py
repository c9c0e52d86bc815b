"""Generate the synthetic population table of the sample ledger (deterministic, fixed seed).

Writes ``sample_data/ledger/population.csv`` (and the same bytes to the Danish sample's
``sample_data/da/ledger/population.csv``) shaped like a Statistics Denmark StatBank FOLK1A
export: ``;``-separated, UTF-8 with BOM, CRLF line ends, columns ``OMRÅDE;KØN;ALDER;TID;INDHOLD``,
single-year ages ``65 år`` ... ``99 år`` and ``100 år+`` (the people home care is for: a
FOLK1A export filtered to ages 65 and over, as a team would select it in StatBank), sexes ``Mænd``/``Kvinder``, four
synthetic areas (``Nord``, ``Syd``, ``Øst``, ``Vest``), two quarters (``2025K4``, ``2026K1``)
and a few ``..`` (confidential) cells among the oldest ages, as StatBank marks small cells.

The numbers are invented: a municipality of about 60,000 adults whose areas differ in age
profile (Nord older, Øst younger), of whom the residents aged 65 and over are written. Nothing here describes a real place.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

AREAS = {"Nord": (14_000, 8.0), "Syd": (16_000, 3.0), "Øst": (19_000, -6.0), "Vest": (11_000, 2.0)}
SEXES = ("Mænd", "Kvinder")
QUARTERS = ("2025K4", "2026K1")
#: The service's population: home care is for residents aged 65 and over.
MIN_AGE = 65
#: (area, sex, age label, quarter) cells published as ".." (confidential).
CONFIDENTIAL = {
    ("Nord", "Mænd", "100 år+", "2026K1"),
    ("Syd", "Mænd", "100 år+", "2026K1"),
    ("Vest", "Mænd", "99 år", "2025K4"),
}


def _age_weights(shift: float) -> np.ndarray:
    """Relative size of each single-year age 18..100 (100 = 100 and over) in one area."""
    ages = np.arange(18, 101, dtype=float)
    # flat through working ages, then falling mortality curve; ``shift`` ages the profile
    w = np.where(ages < 60 + shift, 1.0, np.exp(-(((ages - 60 - shift) / 20.0) ** 2)))
    w[-1] = w[-2] * 0.6  # 100 and over
    return w / w.sum()


def rows() -> list[str]:
    rng = np.random.default_rng(20261130)
    out = ["OMRÅDE;KØN;ALDER;TID;INDHOLD"]
    for quarter_no, quarter in enumerate(QUARTERS):
        for area, (size, shift) in AREAS.items():
            weights = _age_weights(shift)
            for sex in SEXES:
                ages = np.arange(18, 101)
                # more women at high ages (longer life expectancy)
                female = 0.5 + 0.25 * np.clip((ages - 65) / 35, 0, 1)
                share = female if sex == "Kvinder" else 1 - female
                expected = size * (1 + 0.002 * quarter_no) * weights * share
                counts = rng.poisson(expected)
                for age, n in zip(ages, counts, strict=True):
                    if age < MIN_AGE:
                        continue
                    label = "100 år+" if age == 100 else f"{age} år"
                    value = ".." if (area, sex, label, quarter) in CONFIDENTIAL else str(int(n))
                    out.append(f"{area};{sex};{label};{quarter};{value}")
    return out


def main() -> Path:
    """Write the table to sample_data/ledger/ and, byte for byte the same, to the Danish
    sample's folder sample_data/da/ledger/ (a StatBank export is Danish already)."""
    root = Path(__file__).resolve().parents[1] / "sample_data"
    data = ("\r\n".join(rows()) + "\r\n").encode("utf-8-sig")
    for folder in (root / "ledger", root / "da" / "ledger"):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "population.csv").write_bytes(data)
    return root / "ledger" / "population.csv"


if __name__ == "__main__":
    written = main()
    print(written, len(rows()) - 1, "rows")
