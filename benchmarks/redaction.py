"""Benchmark: redaction recall, precision and throughput, before and after issue 15.

"Before" is :mod:`cocreate_kit.privacy` as it was at ``--before`` (default ``cdb9d4b``,
the last commit before the Danish-forms fix), read with ``git show`` and loaded as a
module; "after" is the working tree. Both run on the same texts:

1. **Synthetic corpora used in the tests** (``tests/test_privacy_redact.py``): the original
   corpus (``make_corpus``: e-mails, phones, CPR numbers, URLs, names) and the corpus of
   forms that leaked before issue 15 (``make_danish_forms_corpus``), with ordinary texts
   full of dates, amounts, times and case numbers. Recall: planted values replaced by their
   own placeholder; precision: placeholders that stand for a planted value.
2. **The Danish Anonymization Benchmark** (DAB: real Danish texts annotated by hand; the
   path is an argument and the file is never copied into the repository). Only the
   ``DIREKTE`` (direct identifier) spans of the kinds the kit claims to catch are scored:

   * ``EMAIL``, ``PHONE``, ``CPR``: the file's own ``kit_type`` of a DIREKTE span;
   * ``ADDRESS``: a DIREKTE span of kit_type ``other`` with a word followed by a house
     number (1-3 digits, optional letter, not followed by a digit or a dot);
   * ``NAME``: the other DIREKTE spans without digits, of at most six words and without
     quotation marks. They are scored only in the run with a deny-list; the deny-list is
     built from these spans with honorifics removed (``hr.``, ``fru``, ``kong``, ...) and
     without possessive variants whose base form is also annotated (``Søvndals`` when
     ``Søvndal`` is there), as a recruitment sheet would list people.

   Redacted characters are found by aligning the input and the output (``difflib``, each
   placeholder mapped to one private-use character). A span is **caught** when every
   letter-or-digit run of it is redacted; for names, every run that holds a capital
   letter or a digit and is not an honorific (so ``hr.`` in ``hr. Tom Behnke`` and
   ``Prinsesse`` in ``Prinsesse Elisabeth`` need not be). A redacted region is **correct** (strict)
   when it overlaps a DIREKTE span, and (lenient) when it overlaps any annotated span
   (DAB also marks quasi-identifiers, e.g. phone numbers of organisations).

3. **Throughput**: comments per second on the synthetic feedback comments of
   ``benchmarks/feedback.py`` (with its six-name deny-list), before vs after, and a
   ``str.lower`` pass over the same texts as the cost of touching every text. Best of
   ``--repeat`` rounds, the versions taking turns within each round.

Usage::

    python benchmarks/redaction.py [DAB_JSON] [--before REV] [--comments N] [--repeat R]

``DAB_JSON`` defaults to ``shared/realworld/data/privacy/dab_danish_anonymization_benchmark.json``
in the nearest folder above the repository that has it (``../shared/...``).
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

_DAB = Path("shared", "realworld", "data", "privacy", "dab_danish_anonymization_benchmark.json")
# ../shared/... next to the checkout (or next to the folder of worktrees).
DEFAULT_DAB = next((p / _DAB for p in ROOT.parents if (p / _DAB).exists()), ROOT.parent / _DAB)
KINDS = ["EMAIL", "URL", "CPR", "PHONE", "ADDRESS", "NAME"]
PLACEHOLDER_RE = re.compile(r"\[(EMAIL|URL|CPR|PHONE|ADDRESS|NAME)(?:-[0-9a-f]{6})?\]")
HOUSE_NUMBER_RE = re.compile(r"[^\W\d_]{2,}\s+\d{1,3}[A-Za-z]?(?![\d.])")
HONORIFICS = re.compile(
    r"^(?:(?:hr|fru|frk|dr|kong|dronning|prins|prinsesse|kronprins|jonkvrouw)\.?\s+)+",
    re.IGNORECASE,
)
SCORED = ["EMAIL", "PHONE", "CPR", "ADDRESS", "NAME"]


def load_before(rev: str) -> ModuleType | None:
    """The privacy module as it was at ``rev`` (None when git cannot show it)."""
    try:
        src = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{rev}:cocreate_kit/privacy.py"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    except (subprocess.CalledProcessError, FileNotFoundError):
        return None
    path = Path(tempfile.mkdtemp()) / "privacy_before.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("privacy_before", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# -- synthetic corpora -----------------------------------------------------------------


def synthetic(redact) -> dict:
    import pandas as pd
    import test_privacy_redact as t

    out = {}
    texts, planted = t.make_corpus()
    planted = [(k, v) for k, v in planted]
    red = redact(pd.Series(texts), names=t.NAMES).tolist()
    out["tests corpus (800 texts)"] = t.score_corpus(planted, red)
    texts, planted, names = t.make_danish_forms_corpus()
    red = redact(pd.Series(texts), names=names).tolist()
    out["Danish forms corpus (600 texts)"] = t.score_corpus(planted, red)
    return out


# -- DAB --------------------------------------------------------------------------------


def dab_gold(doc: dict) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the DIREKTE spans of a kind the kit claims to catch."""
    gold = []
    for s in doc["spans"]:
        if s["label"] != "DIREKTE":
            continue
        kind = s.get("kit_type", "other")
        text = s["text"]
        if kind in ("EMAIL", "PHONE", "CPR"):
            gold.append((s["start"], s["end"], kind))
        elif HOUSE_NUMBER_RE.search(text):
            gold.append((s["start"], s["end"], "ADDRESS"))
        elif not re.search(r"\d", text) and len(text.split()) <= 6 and '"' not in text:
            gold.append((s["start"], s["end"], "NAME"))
    return gold


def dab_deny_list(docs: list[dict]) -> list[str]:
    names = set()
    for d in docs:
        for s, e, kind in dab_gold(d):
            if kind == "NAME":
                names.add(" ".join(HONORIFICS.sub("", d["text"][s:e].strip()).split()))
    return sorted(n for n in names if n and not (n.endswith("s") and n[:-1] in names))


def redacted_regions(original: str, redacted: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the characters of ``original`` that redaction replaced."""
    marks = {k: chr(0xE000 + i) for i, k in enumerate(KINDS)}
    kind_of = {v: k for k, v in marks.items()}
    coded = PLACEHOLDER_RE.sub(lambda m: marks[m.group(1)], redacted)
    sm = difflib.SequenceMatcher(None, original, coded, autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag in ("replace", "delete") and i2 > i1:
            kinds = [kind_of[c] for c in coded[j1:j2] if c in kind_of]
            out.append((i1, i2, kinds[0] if kinds else "?"))
    return out


def caught(text: str, start: int, end: int, kind: str, covered: set[int]) -> bool:
    runs = list(re.finditer(r"\w+", text[start:end]))
    if kind == "NAME":
        runs = [
            m
            for m in runs
            if re.search(r"[A-ZÆØÅ\d]", m[0]) and not HONORIFICS.fullmatch(m[0] + " ")
        ]
    if not runs:
        return False
    return all(all(start + i in covered for i in range(m.start(), m.end())) for m in runs)


def dab(redact, docs: list[dict], names: list[str], verbose: bool = False) -> dict:
    hits, totals = Counter(), Counter()
    regions, strict, lenient = Counter(), Counter(), Counter()
    for d in docs:
        text = d["text"]
        red = redact(text, names=names)
        found = redacted_regions(text, red)
        covered = {i for s, e, _ in found for i in range(s, e)}
        for s, e, kind in dab_gold(d):
            if kind == "NAME" and not names:
                continue
            totals[kind] += 1
            ok = caught(text, s, e, kind, covered)
            hits[kind] += ok
            if not ok and verbose:
                left = "".join(c for i, c in enumerate(text[s:e], s) if i not in covered)
                print(f"      missed {kind}: {text[s:e]!r} (kept: {left!r})")
        direkte = [(s["start"], s["end"]) for s in d["spans"] if s["label"] == "DIREKTE"]
        anyspan = [(s["start"], s["end"]) for s in d["spans"]]
        for s, e, kind in found:
            if not text[s:e].strip():
                continue
            regions[kind] += 1
            hit = any(s < ge and gs < e for gs, ge in direkte)
            strict[kind] += hit
            if not hit and verbose:
                print(f"      outside DIREKTE {kind}: {text[s:e]!r}")
            lenient[kind] += any(s < ge and gs < e for gs, ge in anyspan)
    n_reg = sum(regions.values())
    return {
        "recall": {k: (hits[k], totals[k]) for k in SCORED if totals[k]},
        "recall_all": (sum(hits.values()), sum(totals.values())),
        "regions": dict(regions),
        "precision_strict": sum(strict.values()) / n_reg if n_reg else float("nan"),
        "precision_lenient": sum(lenient.values()) / n_reg if n_reg else float("nan"),
        "false_regions": {k: regions[k] - strict[k] for k in regions if regions[k] - strict[k]},
    }


# -- throughput -------------------------------------------------------------------------


def throughput(versions: dict, n: int, repeat: int) -> dict[str, float]:
    """Comments per second of each version and of a ``str.lower`` pass, best of ``repeat``.

    The versions run in turn within each round, so a busy machine slows them alike.
    """
    import pandas as pd
    from feedback import NAMES, make_corpus

    texts, _, _ = make_corpus(n)
    s = pd.Series(texts)
    best = dict.fromkeys(["str.lower", *versions], float("inf"))
    for _ in range(repeat):
        t0 = time.perf_counter()
        _ = [x.lower() for x in texts]
        best["str.lower"] = min(best["str.lower"], time.perf_counter() - t0)
        for label, fn in versions.items():
            t0 = time.perf_counter()
            fn(s, names=NAMES)
            best[label] = min(best[label], time.perf_counter() - t0)
    return {k: n / v for k, v in best.items()}


def _fmt_recall(r: dict) -> str:
    return "  ".join(f"{k} {h}/{t} ({h / t:.0%})" for k, (h, t) in r.items())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dab", nargs="?", default=str(DEFAULT_DAB))
    ap.add_argument("--before", default="cdb9d4b")
    ap.add_argument("--comments", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--verbose", action="store_true", help="list misses and false regions")
    args = ap.parse_args()

    from cocreate_kit.privacy import redact as after

    before_mod = load_before(args.before)
    versions = {"after": after}
    if before_mod is None:
        print(f"(no 'before': git cannot show {args.before}:cocreate_kit/privacy.py)")
    else:
        versions = {"before": before_mod.redact, "after": after}

    print("Synthetic corpora (recall / precision)")
    for label, fn in versions.items():
        for corpus, (rec, prec) in synthetic(fn).items():
            print(f"  {label:6s} {corpus:34s} recall {rec:6.1%}  precision {prec:6.1%}")

    dab_path = Path(args.dab)
    if not dab_path.exists():
        print(f"DAB: {dab_path} not found; pass its path as the first argument.")
    else:
        docs = json.loads(dab_path.read_text("utf-8"))
        deny = dab_deny_list(docs)
        gold = Counter(k for d in docs for _, _, k in dab_gold(d))
        print(
            f"\nDAB: {len(docs)} documents; DIREKTE spans scored: "
            + ", ".join(f"{gold[k]} {k}" for k in SCORED)
            + f"; deny-list of {len(deny)} names"
        )
        for names, title in (([], "patterns only (no deny-list)"), (deny, "with deny-list")):
            print(f"  {title}")
            for label, fn in versions.items():
                r = dab(fn, docs, names, verbose=args.verbose and label == "after")
                h, t = r["recall_all"]
                print(
                    f"    {label:6s} recall {h}/{t} ({h / t:.1%}): {_fmt_recall(r['recall'])}\n"
                    f"           precision strict {r['precision_strict']:.1%}, lenient "
                    f"{r['precision_lenient']:.1%} over {sum(r['regions'].values())} "
                    f"redacted regions; outside DIREKTE spans: {r['false_regions'] or 'none'}"
                )

    n, rep = args.comments, args.repeat
    print(f"\nThroughput on {n:,} synthetic feedback comments (best of {rep})")
    speed = throughput(versions, n, rep)
    low = speed.pop("str.lower")
    print(f"  str.lower pass : {low:>12,.0f} comments/s")
    for label, v in speed.items():
        print(f"  redact {label:7s}: {v:>12,.0f} comments/s  ({low / v:.0f}x a str.lower pass)")
    if "before" in speed:
        print(f"  after / before time ratio: {speed['before'] / speed['after']:.2f}x")


if __name__ == "__main__":
    main()
