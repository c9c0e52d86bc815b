"""Generate the synthetic prototype-test sample data (fixed seed). All rows are invented.

* ``home_care_form.csv``: two versions (A = current, B = shorter) of the home-care
  application form, tested with 30 citizens each: completed (0/1), time_s (seconds),
  errors (count), sus (0-100), satisfaction (1-5).
* ``home_care_form_plan.yaml``: the analysis plan written before the test.
* ``letter_trial_counts.csv``: a letter trial, about 20,000 citizens per letter version
  across three versions; outcome acted_by_deadline, as counts per version.

``--language da`` writes the Danish translation to ``sample_data/da/experiment/`` from the
same random draws: the same participants, variants and numbers, with Danish metric column
names, plan text and letter names (:data:`DANISH`). ``--out DIR`` writes elsewhere (tests).
"""

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--language", choices=["en", "da"], default="en")
parser.add_argument("--out", type=Path, default=None, help="folder (default: sample_data/...)")
args = parser.parse_args()
DANISH = {
    # metric columns of the form test (participant and variant keep their names: Danish too)
    "columns": {
        "completed": "gennemført",
        "time_s": "tid_s",
        "errors": "fejl",
        "sus": "sus",
        "satisfaction": "tilfredshed",
        "letters_sent": "breve_sendt",
        "acted_by_deadline": "handlede_inden_fristen",
    },
    "letters": {
        "current": "nuværende",
        "plain_language": "klart_sprog",
        "deadline_first": "frist_først",
    },
}
da = args.language == "da"
rng = np.random.default_rng(20261129)
default = ROOT / "sample_data" / ("da/experiment" if da else "experiment")
out = args.out or default
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
form = pd.DataFrame(rows).iloc[order]
if da:
    form = form.rename(columns=DANISH["columns"])
form.to_csv(out / "home_care_form.csv", index=False)

PLAN_DA = """# Analyseplan, skrevet før testene (syntetisk eksempel).
title: Ansøgningsskema til hjemmehjælp, version A (nuværende) mod B (kortere)
hypothesis: Flere borgere gennemfører det kortere skema B end det nuværende skema A.
primary_metric: gennemført
metrics:
  gennemført: binary
  tid_s: time
  fejl: count
  sus: sus
  tilfredshed: likert
guardrails: [fejl]
control: A
mde: 0.25            # 25 procentpoint flere gennemførte ansøgninger
alpha: 0.05
margin: null
stopping_rule: Stop efter 30 borgere pr. version; ingen mellemliggende kig på data.
planned_n_per_variant: 30
split: {A: 0.5, B: 0.5}
likert_scale: 5
"""
(out / "home_care_form_plan.yaml").write_text(
    PLAN_DA
    if da
    else """# Analysis plan, written before the sessions (synthetic example).
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
counts = pd.DataFrame(lrows)
if da:
    counts = counts.replace({"variant": DANISH["letters"]}).rename(columns=DANISH["columns"])
counts.to_csv(out / "letter_trial_counts.csv", index=False)
print("wrote", out)
