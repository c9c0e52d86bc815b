"""Generate the synthetic prototype-test sample data (fixed seed). All rows are invented.

* ``home_care_form.csv``: two versions (A = current, B = shorter) of the home-care
  application form, tested with 30 citizens each: completed (0/1), time_s (seconds),
  errors (count), sus (0-100), satisfaction (1-5).
* ``home_care_form_plan.yaml``: the analysis plan written before the test.
* ``letter_trial_counts.csv``: a letter trial, about 20,000 citizens per letter version
  across three versions; outcome acted_by_deadline, as counts per version.
"""

from pathlib import Path

import numpy as np
import pandas as pd

rng = np.random.default_rng(20261129)
out = Path(__file__).resolve().parents[1] / "sample_data" / "experiment"
out.mkdir(parents=True, exist_ok=True)

arms = {  # completion, geometric mean seconds, errors mean, SUS mean, satisfaction probs
    "A": (0.62, 330.0, 2.2, 61.0, [0.12, 0.22, 0.30, 0.26, 0.10]),
    "B": (0.90, 245.0, 1.0, 75.0, [0.03, 0.07, 0.22, 0.40, 0.28]),
}
rows = []
pid = 0
for variant, (p_done, gm, err, sus, sat) in arms.items():
    for _ in range(30):
        pid += 1
        rows.append(
            {
                "participant": f"P{pid:03d}",
                "variant": variant,
                "completed": int(rng.random() < p_done),
                "time_s": round(float(np.exp(rng.normal(np.log(gm), 0.45))), 1),
                "errors": int(rng.negative_binomial(3, 3 / (3 + err))),
                "sus": float(np.clip(np.round(rng.normal(sus, 13) / 2.5) * 2.5, 0, 100)),
                "satisfaction": int(rng.choice(5, p=sat) + 1),
            }
        )
order = rng.permutation(len(rows))  # sessions were run in random order
pd.DataFrame(rows).iloc[order].to_csv(out / "home_care_form.csv", index=False)

(out / "home_care_form_plan.yaml").write_text(
    """# Analysis plan, written before the sessions (synthetic example).
title: Home-care application form, version A (current) vs B (shorter)
hypothesis: More citizens complete the shorter form B than the current form A.
primary_metric: completed
metrics:
  completed: binary
  time_s: time
  errors: count
  sus: sus
  satisfaction: likert
guardrails: [errors]
control: A
mde: 0.25            # 25 percentage points more completions
alpha: 0.05
margin: null
stopping_rule: Stop after 30 citizens per version; no interim looks.
planned_n_per_variant: 30
split: {A: 0.5, B: 0.5}
likert_scale: 5
""",
    encoding="utf-8",
)

letters = {"current": 0.520, "plain_language": 0.541, "deadline_first": 0.556}
lrows = []
for name, p in letters.items():
    n = int(rng.integers(19_850, 20_150))
    lrows.append({"variant": name, "letters_sent": n, "acted_by_deadline": int(rng.binomial(n, p))})
pd.DataFrame(lrows).to_csv(out / "letter_trial_counts.csv", index=False)
print("wrote", out)
