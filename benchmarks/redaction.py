"""Benchmark: redaction recall, precision and throughput across revisions.

"Before" is :mod:`cocreate_kit.privacy` as it was at each ``--before`` revision (default
``cdb9d4b``, the last commit before the Danish-forms fix of issue 15, and ``9dd10bb``, the
last commit before the Danish public-sector text work of issue 9 item 6), unpacked with
``git archive`` and imported under its own name; "after" is the working tree. All run on
the same texts:

1. **Synthetic corpora used in the tests** (``tests/test_privacy_redact.py``): the original
   corpus (``make_corpus``: e-mails, phones, CPR numbers, URLs, names) and the corpus of
   forms that leaked before issue 15 (``make_danish_forms_corpus``), with ordinary texts
   full of dates, amounts, times and case numbers. Recall: planted values replaced by their
   own placeholder; precision: placeholders that stand for a planted value.
2. **The Danish Anonymization Benchmark** (DAB: real Danish texts annotated by hand; the
   path is an argument and the file is never copied into the repository). Only the
   ``DIREKTE`` (direct identifier) spans of the kinds the kit claims to catch are scored
   for recall:

   * ``EMAIL``, ``PHONE``, ``CPR``: the file's own pattern label (``kit_type``) of a
     DIREKTE span;
   * ``ADDRESS``: a DIREKTE span labelled ``other`` with a word followed by a house
     number (1-3 digits, optional letter, not followed by a digit or a dot);
   * ``NAME``: the other DIREKTE spans without digits, of at most six words and without
     quotation marks. They are scored only in the run with a deny-list; the deny-list is
     built from these spans with honorifics removed (``hr.``, ``fru``, ``kong``, ...) and
     without possessive variants whose base form is also annotated (``Søvndals`` when
     ``Søvndal`` is there), as a recruitment sheet would list people.

   The table printed last (and copied into the README) scores the pattern rules (no
   deny-list) **per pattern label** of the file (``EMAIL``, ``CPR``, ``PHONE``, ``URL``,
   ``YEAR_RANGE``, ``other``; the regions of the placeholder of that kind, ``[ADDRESS]``
   and ``[NAME]`` for ``other``) and **per document type**, claimed (forum posts
   ``hest``, e-mails ``synth_emails``, an authority's letters ``pvs``) or not (parliament,
   regional news, Wikipedia biographies: texts about public persons, scored for
   precision). ``YEAR_RANGE`` spans (``1959-1966``) must be kept: the table counts how
   many were redacted.

   Redacted characters are found by aligning the input and the output (``difflib``, each
   placeholder mapped to one private-use character). A span is **caught** when every
   letter-or-digit run of it is redacted; for names, every run that holds a capital
   letter or a digit and is not an honorific (so ``hr.`` in ``hr. Tom Behnke`` and
   ``Prinsesse`` in ``Prinsesse Elisabeth`` need not be). A redacted region is **correct** (strict)
   when it overlaps a DIREKTE span, and (lenient) when it overlaps any annotated span
   but a year range (DAB also marks quasi-identifiers, e.g. phone numbers of
   organisations; a redacted year range is a false positive either way).

3. **Throughput**: comments per second on the synthetic feedback comments of
   ``benchmarks/feedback.py`` (with its six-name deny-list), before vs after, and a
   ``str.lower`` pass over the same texts as the cost of touching every text. Best of
   ``--repeat`` rounds, the versions taking turns within each round.

Usage::

    python benchmarks/redaction.py [DAB_JSON] [--before REV ...] [--comments N] [--repeat R]

``DAB_JSON`` defaults to ``shared/realworld/data/privacy/dab_danish_anonymization_benchmark.json``
in the nearest folder above the repository that has it (``../shared/...``).
"""

from __future__ import annotations

import argparse
import atexit
import difflib
import importlib
import json
import re
import shutil
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
    """``cocreate_kit.privacy`` as it was at ``rev`` (None when git cannot show it).

    The package folder at ``rev`` is unpacked (``git archive``) into a temporary folder and
    imported under its own name, ``cocreate_kit_<rev>``, so that the privacy module's
    relative imports (``_redact_patterns``, ``_compat``, ``thresholds``) load the files of
    that revision, not those of the working tree. The package ``__init__`` is not run.
    """
    tmp = Path(tempfile.mkdtemp())
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    try:
        tar = subprocess.run(
            ["git", "-C", str(ROOT), "archive", rev, "cocreate_kit"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tmp)], input=tar, check=True)
    except (subprocess.CalledProcessError, FileNotFoundError):
        return None
    name = "cocreate_kit_" + re.sub(r"\W", "_", rev)
    pkg = ModuleType(name)
    pkg.__path__ = [str(tmp / "cocreate_kit")]
    sys.modules[name] = pkg
    return importlib.import_module(f"{name}.privacy")


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
        anyspan = _identifying_spans(d)
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


# Pattern labels of the DAB file (one per span, reviewed by hand) and the placeholder
# kinds whose regions are scored on each; YEAR_RANGE spans must not be redacted at all.
LABELS = {
    "EMAIL": ["EMAIL"],
    "CPR": ["CPR"],
    "PHONE": ["PHONE"],
    "URL": ["URL"],
    "YEAR_RANGE": [],
    "other": ["ADDRESS", "NAME"],
}
# Document types the kit claims: free text written by citizens or sent to them (forum
# posts, e-mails to a public body, an authority's letters). Parliament speeches, regional
# news and Wikipedia biographies are edited texts about public persons, whose direct
# identifiers are names the kit only finds on a deny-list; they are scored for precision
# (the years, dates and numbers in them must be kept) and shown apart.
CLAIMED_TYPES = ["hest", "synth_emails", "pvs"]
OTHER_TYPES = ["parl", "nordjyllandnews", "wiki_bio_dk"]


def _identifying_spans(doc: dict) -> list[tuple[int, int]]:
    """Every annotated span except year ranges (quasi-identifiers the kit must keep)."""
    return [(x["start"], x["end"]) for x in doc["spans"] if x.get("kit_type") != "YEAR_RANGE"]


def _overlaps(s: int, e: int, spans) -> bool:
    return any(s < se and ss < e for ss, se in spans)


def dab_details(redact, docs: list[dict]) -> dict:
    """Patterns only (no deny-list): scores per pattern label and per document type.

    Per label: ``direkte`` spans of that label, ``caught`` (every letter-or-digit run
    redacted; for ``other`` only the address-shaped DIREKTE spans the kit claims),
    ``touched`` (spans with any redacted character, of any annotation), and the regions of
    the label's placeholder kinds with ``strict`` (overlaps a DIREKTE span) and
    ``lenient`` (overlaps any annotated span) counts. Per document type: recall on the
    claimed DIREKTE spans (:func:`dab_gold` without names) and the same region counts.
    """
    label = {k: Counter() for k in LABELS}
    dtype: dict[str, Counter] = {}
    for d in docs:
        text = d["text"]
        found = [r for r in redacted_regions(text, redact(text)) if text[r[0] : r[1]].strip()]
        covered = {i for s, e, _ in found for i in range(s, e)}
        direkte = [(x["start"], x["end"]) for x in d["spans"] if x["label"] == "DIREKTE"]
        anyspan = _identifying_spans(d)
        t = dtype.setdefault(d["source_dataset"], Counter())
        t["docs"] += 1
        for s, e, kind in dab_gold(d):
            if kind != "NAME":
                t["gold"] += 1
                t["caught"] += caught(text, s, e, kind, covered)
        for x in d["spans"]:
            c = label[x.get("kit_type", "other")]
            s, e = x["start"], x["end"]
            c["spans"] += 1
            c["touched"] += any(i in covered for i in range(s, e))
            if x["label"] == "DIREKTE" and x.get("kit_type") in ("EMAIL", "CPR", "PHONE"):
                c["direkte"] += 1
                c["caught"] += caught(text, s, e, x["kit_type"], covered)
        for s, e, kind in dab_gold(d):
            if kind == "ADDRESS":
                label["other"]["direkte"] += 1
                label["other"]["caught"] += caught(text, s, e, kind, covered)
        for s, e, kind in found:
            strict, lenient = _overlaps(s, e, direkte), _overlaps(s, e, anyspan)
            t["regions"] += 1
            t["strict"] += strict
            t["lenient"] += lenient
            for lab, kinds in LABELS.items():
                if kind in kinds:
                    label[lab]["regions"] += 1
                    label[lab]["strict"] += strict
                    label[lab]["lenient"] += lenient
    return {"label": label, "type": dtype}


def _frac(a: int, b: int) -> str:
    return f"{a}/{b}" if b else "-"


def _cell(c: Counter, hits: str, total: str) -> str:
    """ "recall · strict precision · lenient precision" of one version."""
    if not c["regions"]:
        return f"{_frac(c[hits], c[total])} · no regions"
    n = c["regions"]
    return f"{_frac(c[hits], c[total])} · {_frac(c['strict'], n)} · {_frac(c['lenient'], n)}"


def markdown_table(details: dict[str, dict], docs: list[dict]) -> str:
    """One Markdown table: per pattern label, then per document type, for each version.

    Each version's cell: recall (claimed DIREKTE spans caught) · strict precision (regions
    on a DIREKTE span) · lenient precision (regions on any annotated span but a year
    range); for YEAR_RANGE: the number of year-range spans redacted.
    """
    versions = list(details)
    head = "| DAB, patterns only | spans (claimed) | " + " | ".join(versions) + " |"
    lines = [head, "|" + " --- |" * (2 + len(versions))]
    first = details[versions[0]]["label"]
    for lab in LABELS:
        c0 = first[lab]
        if lab == "YEAR_RANGE":
            cells = [f"{details[v]['label'][lab]['touched']} redacted" for v in versions]
            spans = f"{c0['spans']} (0: keep)"
        else:
            cells = [_cell(details[v]["label"][lab], "caught", "direkte") for v in versions]
            spans = f"{c0['spans']} ({c0['direkte']})"
        lines.append(f"| label {lab} | {spans} | " + " | ".join(cells) + " |")
    n_docs = Counter(d["source_dataset"] for d in docs)
    for group, types in (("claimed", CLAIMED_TYPES), ("not claimed", OTHER_TYPES)):
        for typ in types:
            cells = [
                _cell(details[v]["type"].get(typ, Counter()), "caught", "gold") for v in versions
            ]
            gold = details[versions[0]]["type"].get(typ, Counter())["gold"]
            lines.append(
                f"| {group}: {typ} ({n_docs[typ]} docs) | ({gold}) | " + " | ".join(cells) + " |"
            )
    return "\n".join(lines)


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
    ap.add_argument(
        "--before",
        nargs="+",
        default=["cdb9d4b", "9dd10bb"],
        help="git revisions to compare with the working tree (oldest first)",
    )
    ap.add_argument("--comments", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--verbose", action="store_true", help="list misses and false regions")
    args = ap.parse_args()

    from cocreate_kit.privacy import redact as after

    versions = {}
    for rev in args.before:
        mod = load_before(rev)
        if mod is None:
            print(f"(no {rev}: git cannot show {rev}:cocreate_kit/privacy.py)")
        else:
            versions[rev] = mod.redact
    versions["after"] = after

    print("Synthetic corpora (recall / precision)")
    for label, fn in versions.items():
        for corpus, (rec, prec) in synthetic(fn).items():
            print(f"  {label:7s} {corpus:34s} recall {rec:6.1%}  precision {prec:6.1%}")

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
                    f"    {label:7s} recall {h}/{t} ({h / t:.1%}): {_fmt_recall(r['recall'])}\n"
                    f"            precision strict {r['precision_strict']:.1%}, lenient "
                    f"{r['precision_lenient']:.1%} over {sum(r['regions'].values())} "
                    f"redacted regions; outside DIREKTE spans: {r['false_regions'] or 'none'}"
                )
        print("\nDAB per pattern label and per document type (Markdown, for the README)\n")
        details = {label: dab_details(fn, docs) for label, fn in versions.items()}
        print(markdown_table(details, docs))

    n, rep = args.comments, args.repeat
    print(f"\nThroughput on {n:,} synthetic feedback comments (best of {rep})")
    speed = throughput(versions, n, rep)
    low = speed.pop("str.lower")
    print(f"  str.lower pass : {low:>12,.0f} comments/s")
    for label, v in speed.items():
        print(f"  redact {label:7s}: {v:>12,.0f} comments/s  ({low / v:.0f}x a str.lower pass)")
    for label in speed:
        if label != "after":
            print(f"  after / {label} time ratio: {speed[label] / speed['after']:.2f}x")


if __name__ == "__main__":
    main()
