"""Benchmark: redaction, sentiment and themes on 100,000 synthetic comments.

Each stage runs in its own child process so that its peak memory (max RSS) is its own.
Each stage is compared with a baseline measured in the same script on the same texts:

* redaction  vs. one pass of ``str.lower`` over every text (the cost of touching each text),
* sentiment  vs. VADER alone on the English texts (what an English-only tool would do),
* themes     vs. the TF-IDF vectorisation alone (the part every bag-of-words method needs).

Redaction recall is measured on the planted values (emails, phones, CPR numbers - half of
them failing modulus 11 - URLs, names). An optional Presidio comparison runs when a Python
with ``presidio_analyzer`` is given in ``PRESIDIO_PYTHON``; because Presidio's default set-up
downloads a spaCy model, ``PRESIDIO_SPACY_MODEL`` may name a local spaCy pipeline directory
(e.g. ``spacy.blank("en").to_disk(...)``: regex recognisers only, no NER). See
the README (Feedback analysis, Performance).

Usage: python benchmarks/feedback.py [n_comments]
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

NAMES = [
    "Birthe Kjærgaard",
    "Jens Olesen",
    "Karen Thygesen",
    "Poul Bøgelund",
    "Inger Skovgaard",
    "Henning Lindholm",
]


def make_corpus(n: int, seed: int = 1) -> tuple[list[str], list[str | None], list[str]]:
    from make_sample_feedback import THEMES, fake_cpr, fake_phone

    rng = np.random.default_rng(seed)
    names = list(THEMES)
    texts, planted, langs = [], [], []
    for i in range(n):
        th = THEMES[names[i % len(names)]]
        lang = "da" if rng.random() < 0.6 else "en"
        t = str(rng.choice(th[lang])).replace("{late}", "en time")
        value = None
        if rng.random() < 0.2:
            kind = i % 5
            if kind == 0:
                value = f"person{i}@example.dk"
            elif kind == 1:
                value = fake_phone(rng)
            elif kind == 2:
                value = fake_cpr(rng, fail_mod11=bool(i % 2))
            elif kind == 3:
                value = f"https://www.example.com/u{i}"
            else:
                value = NAMES[i % len(NAMES)]
            t = f"{t} {value}."
        texts.append(t)
        planted.append(value)
        langs.append(lang)
    return texts, planted, langs


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stage(name: str, n: int) -> dict:
    import pandas as pd

    texts, planted, langs = make_corpus(n)
    s = pd.Series(texts)
    base_mb = _peak_mb()
    if name == "baseline_lower":
        t0 = time.perf_counter()
        _ = [x.lower() for x in texts]
        dt = time.perf_counter() - t0
        return {"seconds": dt}
    if name == "redact":
        from cocreate_kit.privacy import redact

        t0 = time.perf_counter()
        out = redact(s, names=NAMES)
        dt = time.perf_counter() - t0
        found = sum(1 for v, o in zip(planted, out, strict=True) if v and v not in o)
        total = sum(1 for v in planted if v)
        return {
            "seconds": dt,
            "recall": found / total,
            "planted": total,
            "peak_mb": _peak_mb(),
            "start_mb": base_mb,
        }
    if name == "vader_en_only":
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        v = SentimentIntensityAnalyzer()
        en = [t for t, lg in zip(texts, langs, strict=True) if lg == "en"]
        t0 = time.perf_counter()
        for t in en:
            v.polarity_scores(t)
        dt = time.perf_counter() - t0
        return {"seconds": dt, "n": len(en)}
    if name == "sentiment":
        from cocreate_kit.feedback import sentiment

        t0 = time.perf_counter()
        sentiment(s)
        dt = time.perf_counter() - t0
        return {"seconds": dt, "peak_mb": _peak_mb(), "start_mb": base_mb}
    if name == "tfidf_only":
        from sklearn.feature_extraction.text import TfidfVectorizer

        t0 = time.perf_counter()
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=5000).fit_transform(s)
        return {"seconds": time.perf_counter() - t0}
    if name == "themes":
        from cocreate_kit.feedback import themes

        t0 = time.perf_counter()
        r = themes(s, n_themes=6, with_sentiment=False)
        dt = time.perf_counter() - t0
        return {
            "seconds": dt,
            "n_themes": len(r.themes),
            "peak_mb": _peak_mb(),
            "start_mb": base_mb,
        }
    msg = f"unknown stage {name}"
    raise SystemExit(msg)


def run_child(name: str, n: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--stage", name, str(n)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def presidio(n: int) -> str:
    py = os.environ.get("PRESIDIO_PYTHON")
    if not py:
        return "Presidio: skipped (set PRESIDIO_PYTHON to a Python with presidio_analyzer)."
    texts, planted, _ = make_corpus(n)
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "corpus.json"
        p.write_text(json.dumps({"texts": texts, "planted": planted}), encoding="utf-8")
        code = (
            "import json,sys,time\n"
            "from presidio_analyzer import AnalyzerEngine\n"
            "from presidio_analyzer.nlp_engine import NlpEngineProvider\n"
            "d=json.load(open(sys.argv[1]))\n"
            "import os\n"
            "t0=time.perf_counter()\n"
            "m=os.environ.get('PRESIDIO_SPACY_MODEL')\n"
            "cfg={'nlp_engine_name':'spacy','models':[{'lang_code':'en','model_name':m}]}\n"
            "eng=AnalyzerEngine(nlp_engine=NlpEngineProvider(nlp_configuration=cfg)"
            ".create_engine()) if m else AnalyzerEngine()\n"
            "found=0;total=0\n"
            "for t,v in zip(d['texts'],d['planted']):\n"
            "    res=eng.analyze(text=t,language='en')\n"
            "    if v:\n"
            "        total+=1\n"
            "        s=t.index(v);e=s+len(v)\n"
            "        found+=any(r.start<=s and r.end>=e for r in res)\n"
            "print(json.dumps({'seconds':time.perf_counter()-t0,'recall':found/total}))\n"
        )
        r = subprocess.run([py, "-c", code, str(p)], capture_output=True, text=True, timeout=1800)
        if r.returncode != 0:
            return "Presidio: failed to run offline: " + r.stderr.strip().splitlines()[-1]
        res = json.loads(r.stdout.strip().splitlines()[-1])
        return (
            f"Presidio ({n:,} comments): {n / res['seconds']:,.0f} comments/s, recall "
            f"{res['recall']:.1%} on the same planted values."
        )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(f"Feedback benchmark on {n:,} synthetic comments (each stage in its own process)")
    base = run_child("baseline_lower", n)
    red = run_child("redact", n)
    print(
        f"redaction : {n / red['seconds']:>10,.0f} comments/s  "
        f"({red['seconds']:.1f} s; {red['seconds'] / base['seconds']:.0f}x a str.lower pass)"
        f"  recall {red['recall']:.2%} of {red['planted']:,} planted values;"
        f"  peak RSS {red['peak_mb']:.0f} MB"
    )
    ven = run_child("vader_en_only", n)
    sen = run_child("sentiment", n)
    print(
        f"sentiment : {n / sen['seconds']:>10,.0f} comments/s  ({sen['seconds']:.1f} s; "
        f"VADER alone on the {ven['n']:,} English texts: {ven['n'] / ven['seconds']:,.0f}/s;"
        f" ratio {sen['seconds'] / ven['seconds']:.1f}x)  peak RSS {sen['peak_mb']:.0f} MB"
    )
    tf = run_child("tfidf_only", n)
    th = run_child("themes", n)
    print(
        f"themes    : {n / th['seconds']:>10,.0f} comments/s  ({th['seconds']:.1f} s incl. "
        f"redaction; {th['seconds'] / tf['seconds']:.1f}x TF-IDF alone)  "
        f"peak RSS {th['peak_mb']:.0f} MB"
    )
    print(presidio(min(n, 5000)))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--stage":
        print(json.dumps(stage(sys.argv[2], int(sys.argv[3]))))
    else:
        main()
