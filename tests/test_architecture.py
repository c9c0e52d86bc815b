"""Architecture contracts of issue 8, checked in the normal test suite.

* **Layers and private modules**: the import-linter contracts in ``pyproject.toml``
  (``[tool.importlinter]``) run through the ``lint-imports`` command of this interpreter's
  environment: delivery -> apps -> pillars -> core, pillars independent of each other,
  every top-level module placed in a layer (``exhaustive``), private modules (``_x``)
  imported only from inside their parent package, no cycles between sibling packages.
* **Apps use only public pillar names**: every name an app imports from a pillar is in
  that pillar's ``__all__`` (an ``ast`` check; import-linter sees modules, not names).
* **No import cycle** between any two modules of ``cocreate_kit``, function-level imports
  included (grimp records them). Decision on packages: an edge is an import *statement*.
  A package ``__init__`` that re-exports from its submodules (``from ._x import f``) is an
  edge parent -> child and is never a cycle by itself; the implicit "importing ``a.b``
  first runs ``a/__init__``" is not an edge. A submodule importing its own package (or a
  sibling that imports it back) *is* a cycle, as at run time it sees a half-initialised
  module. Imports under ``if TYPE_CHECKING:`` count too (as for import-linter): a type
  hint is a dependency, and "modules depend one way only" includes it.
* **Module size**: no module over 600 lines unless its docstring says
  "Why this module is long:".
* **One vocabulary**: a public function that takes a released name (``confidence=``,
  ``segment=``) also takes the kit's name (``level=``, ``by=``) and keeps the old one only
  as a deprecated alias defaulting to None.
* **Results the same everywhere**: every :class:`~cocreate_kit._result.Result` subclass,
  built from the bundled sample projects through the pillars' public functions, is frozen,
  has a cheap ``repr`` and exports strict JSON.

``import cocreate_kit`` staying light is checked in ``tests/test_packaging.py``.

Run ``python tests/test_architecture.py`` for a readable list of every violation.
"""

from __future__ import annotations

import ast
import importlib
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "cocreate_kit"
PILLARS = ("experiment", "feedback", "journey", "explore")
#: Packages whose private modules apps must not reach into (the pillars and the ledger).
PUBLIC_ONLY = (*PILLARS, "ledger")
MAX_LINES = 600
LONG_REASON = "Why this module is long:"


# --------------------------------------------------------------------------------------
# Analyses (shared by the tests and by the readable report in __main__)
# --------------------------------------------------------------------------------------


def import_graph() -> dict[str, set[str]]:
    """Direct imports between modules of ``cocreate_kit`` (function-level ones included)."""
    import grimp

    graph = grimp.build_graph("cocreate_kit", include_external_packages=False, cache_dir=None)
    return {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}


def import_lines(importer: str, imported: str) -> list[int]:
    """Line numbers of the statements in ``importer`` that import ``imported``."""
    import grimp

    graph = grimp.build_graph("cocreate_kit", include_external_packages=False, cache_dir=None)
    details = graph.get_import_details(importer=importer, imported=imported)
    return sorted(d["line_number"] for d in details)


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module (the cycles)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1 or v in edges.get(v, ()):
                found.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(found)


def shortest_cycle(edges: dict[str, set[str]], start: str, members: set[str]) -> list[str]:
    """One shortest cycle through ``start`` inside a strongly connected component."""
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(edges.get(v, ()) & members):
            if w == start:
                return [*paths[v], start]
            if w not in paths:
                paths[w] = [*paths[v], w]
                queue.append(w)
    return [start]


def cycle_report(edges: dict[str, set[str]] | None = None) -> list[str]:
    """One line per import cycle: the modules and one concrete loop with line numbers."""
    edges = import_graph() if edges is None else edges
    out = []
    for comp in strongly_connected(edges):
        loop = shortest_cycle(edges, comp[0], set(comp))
        hops = [
            f"{a.removeprefix('cocreate_kit.')} -> {b.removeprefix('cocreate_kit.')} "
            f"(l.{', '.join(map(str, import_lines(a, b)))})"
            for a, b in zip(loop, loop[1:], strict=False)
        ]
        inside = [
            f"{a.removeprefix('cocreate_kit.')} -> {b.removeprefix('cocreate_kit.')}"
            for a in comp
            for b in sorted(edges[a] & set(comp))
        ]
        out.append(
            f"cycle of {len(comp)} modules: "
            + "; ".join(hops)
            + ". All imports inside it: "
            + ", ".join(inside)
        )
    return out


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def oversize_modules() -> list[str]:
    """Modules over :data:`MAX_LINES` lines whose docstring does not say why."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        n = len(text.splitlines())
        if n <= MAX_LINES:
            continue
        doc = ast.get_docstring(ast.parse(text)) or ""
        if LONG_REASON not in doc:
            out.append(f"{path.relative_to(ROOT)}: {n} lines (max {MAX_LINES} without a reason)")
    return out


def _resolve(module: str, node: ast.ImportFrom) -> str:
    """Absolute module of a ``from X import ...`` statement inside ``module``."""
    if not node.level:
        return node.module or ""
    package = module.split(".")
    is_package = (ROOT / Path(*package) / "__init__.py").exists()
    base = package if is_package else package[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _public_names(pillar: str) -> set[str]:
    return set(importlib.import_module(f"cocreate_kit.{pillar}").__all__)


def _pillar_uses(mod: str, tree: ast.AST) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) for every pillar import in ``tree`` and every attribute read
    on a pillar module bound to a name (``from .. import journey`` then ``journey.x``)."""
    uses: list[tuple[int, str, list[str]]] = []
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            src = _resolve(mod, node)
            if src == "cocreate_kit":
                for a in node.names:
                    if a.name in PUBLIC_ONLY:
                        aliases[a.asname or a.name] = f"cocreate_kit.{a.name}"
                continue
            uses.append((node.lineno, src, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            for a in node.names:
                uses.append((node.lineno, a.name, []))
                if a.asname:
                    aliases[a.asname] = a.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
        ):
            uses.append((node.lineno, aliases[node.value.id], [node.attr]))
    return uses


def app_imports_outside_all() -> list[str]:
    """Names the apps import from a pillar that are not in that pillar's ``__all__``.

    Also flags any import of a pillar's submodule by an app (``from ..journey._charts
    import x``, ``import cocreate_kit.journey._charts``) and attribute reads outside
    ``__all__`` on a pillar module (``from .. import journey`` then ``journey._charts``).
    """
    out = []
    for path in sorted((PACKAGE / "apps").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, src, names in _pillar_uses(module_name(path), tree):
            parts = src.split(".")
            if parts[0] != "cocreate_kit" or len(parts) < 2 or parts[1] not in PUBLIC_ONLY:
                continue
            where = f"{path.relative_to(ROOT)}:{line}"
            if len(parts) > 2:
                out.append(f"{where}: imports the pillar submodule {src}")
                continue
            public = _public_names(parts[1])
            out += [
                f"{where}: {name} is not in cocreate_kit.{parts[1]}.__all__"
                for name in names
                if name not in public
            ]
    return sorted(set(out), key=lambda t: (t.split(":")[0], int(t.split(":")[1])))


def lint_imports() -> subprocess.CompletedProcess:
    """Run ``lint-imports`` on the contracts in pyproject.toml (no cache; this checkout)."""
    exe = Path(sys.executable).with_name("lint-imports")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", _LINT_MAIN]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [*cmd, "--no-cache", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


_LINT_MAIN = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"


# --------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------


def test_import_linter_contracts_are_kept():
    r = lint_imports()
    assert "Contracts:" in r.stdout, r.stdout + r.stderr  # the contracts were read and run
    assert r.returncode == 0, r.stdout[r.stdout.find("Contracts") :]


def test_contracts_cover_layers_private_modules_and_cycles():
    """The contracts the issue asks for are configured (and cannot silently disappear)."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}
    layers = contracts["layers"]
    assert layers["type"] == "layers" and layers["exhaustive"] is True
    assert layers["layers"][1] == "apps"
    assert layers["layers"][2] == "ledger"
    assert layers["layers"][3] == " | ".join(("journey", "experiment", "feedback", "explore"))
    assert contracts["private-modules"]["type"] == "private_modules"
    assert contracts["acyclic"]["type"] == "acyclic_siblings"


def test_import_linter_reports_a_broken_layer(tmp_path):
    """The contract run can fail: a core module importing a pillar is reported."""
    pkg = tmp_path / "cocreate_kit"
    for p in PACKAGE.rglob("*.py"):
        dest = pkg / p.relative_to(PACKAGE)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    thresholds = pkg / "thresholds.py"
    thresholds.write_text(thresholds.read_text() + "\nfrom .journey import load  # noqa\n")
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    exe = Path(sys.executable).with_name("lint-imports")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", _LINT_MAIN]
    r = subprocess.run(
        [*cmd, "--no-cache", "--contract", "layers", "pyproject.toml"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode != 0
    assert "cocreate_kit.thresholds -> cocreate_kit.journey" in r.stdout


def test_apps_import_only_names_in_a_pillars_all():
    problems = app_imports_outside_all()
    assert not problems, "\n".join(problems)


def test_pillar_use_finder_sees_imports_and_attribute_reads():
    code = (
        "from ..journey import load, _secret\n"
        "from ..journey._charts import chart\n"
        "from .. import feedback as fb\n"
        "def f():\n"
        "    return fb._survey.x, fb.load_survey\n"
    )
    uses = _pillar_uses("cocreate_kit.apps.demo", ast.parse(code))
    assert (1, "cocreate_kit.journey", ["load", "_secret"]) in uses
    assert (2, "cocreate_kit.journey._charts", ["chart"]) in uses
    assert (5, "cocreate_kit.feedback", ["_survey"]) in uses
    assert (5, "cocreate_kit.feedback", ["load_survey"]) in uses


def test_no_import_cycle_anywhere_in_the_package():
    problems = cycle_report()
    assert not problems, "\n".join(problems)


def test_cycle_finder_finds_cycles_and_respects_the_package_rule():
    edges = {
        "p": {"p._a", "p._b"},  # a package re-exporting its submodules: not a cycle
        "p._a": {"p._b"},
        "p._b": {"p._c"},
        "p._c": {"p._a"},  # a -> b -> c -> a: a cycle
        "q": {"q._x"},
        "q._x": {"q"},  # a submodule importing its own package back: a cycle
    }
    comps = strongly_connected(edges)
    assert comps == [["p._a", "p._b", "p._c"], ["q", "q._x"]]
    assert shortest_cycle(edges, "p._a", set(comps[0])) == ["p._a", "p._b", "p._c", "p._a"]


def test_modules_stay_under_600_lines_unless_they_say_why():
    problems = oversize_modules()
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------------------
# One vocabulary in public signatures
# --------------------------------------------------------------------------------------

#: Released argument names and the one name the kit uses now (issue 8, item 5).
RENAMED = {"confidence": "level", "segment": "by"}
VOCABULARY_MODULES = (
    "experiment",
    "feedback",
    "journey",
    "explore",
    "ledger",
    "privacy",
    "charts",
)


def _public_callables():
    """(qualified name, callable) for every public function and public method."""
    import inspect

    for mod_name in VOCABULARY_MODULES:
        mod = importlib.import_module(f"cocreate_kit.{mod_name}")
        for name in mod.__all__:
            obj = getattr(mod, name)
            if inspect.isclass(obj):
                for attr, value in vars(obj).items():
                    if callable(value) and not attr.startswith("_"):
                        yield f"{mod_name}.{name}.{attr}", value
            elif callable(obj):
                yield f"{mod_name}.{name}", obj


def signature_problems(qual: str, func) -> list[str]:
    """Released argument names ``func`` takes without the kit's name (see below)."""
    import inspect

    try:
        params = inspect.signature(func).parameters
    except (TypeError, ValueError):
        return []
    out = []
    for old, new in RENAMED.items():
        if old not in params or (old == "segment" and qual.split(".")[-1].startswith("load_")):
            continue
        if new not in params:
            out.append(f"{qual}: takes {old}= but not {new}=")
        elif params[old].default is not None:
            out.append(f"{qual}: {old}= must be a deprecated alias defaulting to None")
        elif new == "level" and not isinstance(params[new].default, float):
            out.append(f"{qual}: level= is the interval level, got {params[new].default!r}")
    return out


def vocabulary_problems() -> list[str]:
    """Public callables that still take a released name without the kit's name.

    A released name (``confidence=``, ``segment=``) may stay only as a deprecated keyword
    alias: it defaults to None and the function also takes the new name (``level=``,
    ``by=``), with a default of the new kind (``level`` a number). **Decision:** loaders
    (``load_*``) keep ``segment=`` as the *name of a column in the file*, which is not a
    grouping argument; result classes' ``__init__`` are constructors, not API.
    """
    return [p for qual, func in _public_callables() for p in signature_problems(qual, func)]


def test_one_vocabulary_in_public_signatures():
    problems = vocabulary_problems()
    assert not problems, "\n".join(problems)


def test_vocabulary_checker():
    def old(data, *, confidence=0.95, segment="role"): ...

    def aliased(data, by=None, *, level=0.95, confidence=None, segment=None): ...

    def measurement(data, *, level="nominal", confidence=None): ...

    def load_sheet(path, *, segment="segment"): ...

    assert signature_problems("old", old) == [
        "old: takes confidence= but not level=",
        "old: takes segment= but not by=",
    ]
    assert signature_problems("aliased", aliased) == []
    assert signature_problems("m", measurement) == [
        "m: level= is the interval level, got 'nominal'"
    ]
    assert signature_problems("x.load_sheet", load_sheet) == []


# --------------------------------------------------------------------------------------
# Results: frozen, cheap repr, strict JSON, for every Result subclass
# --------------------------------------------------------------------------------------


def _all_subclasses(cls: type) -> set[type]:
    out = set()
    for sub in cls.__subclasses__():
        out |= {sub, *_all_subclasses(sub)}
    return out


def _experiment_results() -> list:
    from cocreate_kit import datasets, experiment
    from cocreate_kit.io import read_table

    ex = datasets.sample_project("experiment")
    letters = read_table(ex.letters).set_index("variant")
    return [
        experiment.analyse(read_table(ex.data), plan=ex.plan),
        experiment.compare_counts(
            letters["acted_by_deadline"], letters["letters_sent"], control="current"
        ),
        experiment.sample_size("binary", baseline=0.6, mde=0.1),
    ]


def _feedback_results() -> list:
    from cocreate_kit import datasets, feedback

    fb = datasets.sample_project("feedback")
    names = feedback.load_names(fb.names)
    survey = feedback.load_survey(fb.data, names=names)
    sheet = feedback.load_coding_sheet(fb.coding, feedback.load_codebook(fb.codebook), names=names)
    return [
        feedback.sus_summary(feedback.sus_scores(survey.data)),
        feedback.nps(survey.data["nps"]),
        feedback.metrics_by_segment(survey, survey.segments[0]),
        feedback.likert(survey),
        feedback.coding_agreement(sheet, n_boot=50),
        survey.themes(),
        survey.overview(),
    ]


def _journey_results() -> list:
    from cocreate_kit import datasets, journey

    jo = datasets.sample_project("journey")
    as_is = journey.load_ratings(jo.ratings, journey.load(jo.data))
    return [
        journey.compare(as_is, journey.load(jo.to_be)),
        journey.emotion_curve(as_is),
        journey.event_log_metrics(jo.events),
        journey.blueprint(as_is),
        journey.load_project(jo.data, events=jo.events).funnel(),
        journey.load_project(jo.data).compare(),  # no to-be given: a NotGiven result
    ]


def _explore_results() -> list:
    from cocreate_kit import datasets, explore

    visits = explore.load_visits(datasets.sample_project("explorer").data)
    return [explore.explore(visits, measure="contacts"), explore.overview(visits)]


def _ledger_results() -> list:
    from cocreate_kit import datasets, ledger

    return [ledger.load(datasets.dataset_path("ledger/home_care_ledger.json"))]


def _core_results() -> list:
    from cocreate_kit.roles import ColumnRole, Roles

    # Pillars infer roles from files (issue 9); the core result itself is built directly.
    return [Roles([ColumnRole("Version", "variant", reason="2 values")], source="x.csv")]


def _ledger_participation_results() -> list:
    from cocreate_kit import datasets, ledger

    files = datasets.sample_project("ledger")
    led = ledger.load(files.data)
    return [ledger.read_population(files.population), ledger.representativeness(led)]


#: How each pillar's results are made from its bundled sample project (public calls only).
def _ledger_evidence_results() -> list:
    from cocreate_kit import datasets, ledger

    led = ledger.load(datasets.sample_project("ledger").data)
    decision = str(led.decisions["id"].iloc[0])
    return [
        ledger.evidence_levels(led),
        ledger.chain(led, decision),
        ledger.gaps(led),
        ledger.scorecard(led),
    ]


RECIPES = {
    "core": _core_results,
    "experiment": _experiment_results,
    "feedback": _feedback_results,
    "journey": _journey_results,
    "explore": _explore_results,
    "ledger": _ledger_results,
    "ledger-participation": _ledger_participation_results,
    "ledger-evidence": _ledger_evidence_results,
}


def _nested_results(value, seen: set[int]) -> list:
    """``value`` and every Result reachable through its public attributes and containers."""
    from cocreate_kit._result import Result

    if id(value) in seen:
        return []
    seen.add(id(value))
    out = []
    if isinstance(value, Result):
        out.append(value)
        children = [v for k, v in vars(value).items() if not k.startswith("_")]
    elif isinstance(value, dict):
        children = list(value.values())
    elif isinstance(value, (list, tuple)):
        children = list(value)
    else:
        return out
    for child in children:
        out += _nested_results(child, seen)
    return out


@pytest.fixture(scope="module")
def sample_results():
    """(results, failures): every Result reachable from the recipes, and recipes that broke."""
    seen: set[int] = set()
    found, failures = [], []
    for pillar, recipe in RECIPES.items():
        try:
            made = recipe()
        except Exception as exc:  # report every broken recipe, not only the first
            failures.append(f"{pillar}: {type(exc).__name__}: {exc}")
            continue
        for r in made:
            found += _nested_results(r, seen)
    return found, failures


def _import_every_module() -> list[str]:
    """Import every module of the package (so every Result subclass is defined)."""
    import pkgutil

    import cocreate_kit

    broken = []
    for info in pkgutil.walk_packages(cocreate_kit.__path__, "cocreate_kit."):
        try:
            importlib.import_module(info.name)
        except Exception as exc:
            broken.append(f"{info.name}: {type(exc).__name__}: {exc}")
    return broken


def test_every_result_subclass_is_built_from_the_samples(sample_results):
    from cocreate_kit._result import Result

    results, failures = sample_results
    assert not failures, "sample recipes failed:\n" + "\n".join(failures)
    assert not (broken := _import_every_module()), "\n".join(broken)
    built = {type(r) for r in results}
    missing = sorted(f"{c.__module__}.{c.__qualname__}" for c in _all_subclasses(Result) - built)
    assert not missing, f"no sample instance of: {', '.join(missing)} (add one to RECIPES)"


def _strict(value) -> None:
    """Raise if ``value`` holds anything but strict JSON types (no NaN/inf, str keys)."""
    if isinstance(value, float):
        assert math.isfinite(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            assert isinstance(k, str)
            _strict(v)
    elif isinstance(value, list):
        for v in value:
            _strict(v)
    else:
        assert value is None or isinstance(value, (str, int, bool)), type(value)


def test_every_result_is_frozen_cheap_to_repr_and_strict_json(sample_results, monkeypatch):
    """Cheap repr: it must work while every computing method of the class raises."""

    def computed(*args, **kwargs):
        msg = "repr must not compute"
        raise RuntimeError(msg)

    problems = []
    for r in sample_results[0]:
        name = type(r).__qualname__
        try:
            r.title = "changed"
        except AttributeError:
            pass
        else:
            problems.append(f"{name}: assigning an attribute after construction worked")
        with monkeypatch.context() as m:
            for method in ("summary", "chart", "to_html", "to_dict", "_tables", "warnings"):
                m.setattr(type(r), method, computed)
            try:
                text = repr(r)
            except RuntimeError:
                problems.append(f"{name}: repr computes (calls summary/chart/to_html/...)")
                text = name
        if len(text) > 300 or name.split(".")[-1] not in text:
            problems.append(f"{name}: repr is {len(text)} characters or lacks the class name")
        record = r.to_dict()
        if record.get("type") != name.split(".")[-1]:
            problems.append(f"{name}: to_dict()['type'] is {record.get('type')!r}")
        try:
            _strict(record)
            back = json.loads(r.to_json(), parse_constant=_refuse_constant)
        except (AssertionError, ValueError) as exc:
            problems.append(f"{name}: not strict JSON ({exc!r})")
            continue
        if back != record:
            problems.append(f"{name}: to_json() and to_dict() disagree")
    assert not problems, "\n".join(problems)


def _refuse_constant(name: str):
    msg = f"{name} is not JSON"
    raise ValueError(msg)


# --------------------------------------------------------------------------------------
# Readable report: python tests/test_architecture.py
# --------------------------------------------------------------------------------------


def main() -> int:
    """Print every violation, grouped by check; exit status 1 if there is any."""
    r = lint_imports()
    sections = {
        "import-linter contracts": [r.stdout[r.stdout.find("Broken contracts") :]]
        if r.returncode
        else [],
        "import cycles": cycle_report(),
        "apps importing names outside a pillar's __all__": app_imports_outside_all(),
        f"modules over {MAX_LINES} lines": oversize_modules(),
        "released argument names without the kit's name": vocabulary_problems(),
    }
    for title, problems in sections.items():
        print(f"== {title}: {len(problems) or 'none'}")
        for problem in problems:
            print(f"  {problem}")
    return int(any(sections.values()))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
