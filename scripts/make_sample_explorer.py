"""Generate the synthetic sample data for the landing-page explorer (fixed seed).

Usage::

    python scripts/make_sample_explorer.py                 # sample_data/explorer_visits.csv
    python scripts/make_sample_explorer.py --language da   # sample_data/da/explorer_visits.csv
    python scripts/make_sample_explorer.py OUT_DIR          # both, under OUT_DIR (tests)

The Danish file is the same rows and numbers with the channels named in Danish (channel
names are shown to people; the column names stay the kit's English API).
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd

#: Channel names in Danish (the Danish sample's only difference).
DANISH_CHANNELS = {
    "Web": "Web",
    "Phone": "Telefon",
    "Letter": "Brev",
    "In person": "Personligt fremmøde",
}


def visits() -> pd.DataFrame:
    """The English sample, generated from the fixed seed."""
    rng = np.random.default_rng(20261129)
    channels = {
        "Web": (420, 6.0, 0.78),
        "Phone": (260, 14.0, 0.71),
        "Letter": (90, 22.0, 0.58),
        "In person": (60, 35.0, 0.83),
    }
    rows = []
    for month in pd.period_range("2026-01", "2026-12", freq="M"):
        for ch, (base, minutes, sat) in channels.items():
            trend = 1 + 0.02 * (month.month - 1) * (1 if ch == "Web" else -0.5)
            contacts = int(rng.poisson(base * trend))
            rows.append(
                {
                    "month": str(month),
                    "channel": ch,
                    "contacts": contacts,
                    "handling_minutes": round(float(rng.normal(minutes, minutes * 0.08)), 1),
                    "satisfied_share": round(float(np.clip(rng.normal(sat, 0.03), 0, 1)), 3),
                    "cost_dkk": round(contacts * minutes / 60 * 410, 0),
                }
            )
    return pd.DataFrame(rows)


def write(root: Path, language: str) -> Path:
    """Write the sample in ``language`` ("en" or "da") under the sample folder ``root``."""
    df = visits()
    out = root / "explorer_visits.csv"
    if language == "da":
        df["channel"] = df["channel"].map(DANISH_CHANNELS)
        out = root / "da" / "explorer_visits.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(out, index=False)
    return out


if __name__ == "__main__":
    args = sys.argv[1:]
    default_root = Path(__file__).resolve().parents[1] / "sample_data"
    if "--language" in args:
        i = args.index("--language")
        print(write(default_root, args[i + 1]))
    elif args:
        for lang in ("en", "da"):
            print(write(Path(args[0]), lang))
    else:
        print(write(default_root, "en"))
