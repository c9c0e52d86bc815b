"""Generate the synthetic sample data for the landing-page explorer (fixed seed)."""

from pathlib import Path

import numpy as np
import pandas as pd

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
out = Path(__file__).resolve().parents[1] / "sample_data" / "explorer_visits.csv"
pd.DataFrame(rows).to_csv(out, index=False)
print(out, len(rows))
