"""``cocreate check ledger FILE``: say what the ledger holds, or list its problems."""

from __future__ import annotations

from pathlib import Path

from ..i18n import _, fmt_int
from ._gaps import gaps
from ._io import load
from ._labels import label
from ._ledger import Ledger

__all__ = ["check_file", "check_lines", "gap_lines"]


def check_lines(led: Ledger, path: Path) -> list[str]:
    """The lines of the check text for a valid ledger: format found, counts per table.

    One small function on purpose: other parts of the ledger (the gap checks) append
    their lines to what it returns.
    """
    kind = (
        _("CSV folder")
        if path.is_dir()
        else ("JSON" if path.suffix.lower() == ".json" else _("workbook"))
    )
    name = led.project["title"].iloc[0]
    counts = ", ".join(
        f"{label(n)} {fmt_int(len(getattr(led, n)))}" for n in led.tables() if n != "project"
    )
    return [
        _("Found a co-creation ledger ({kind}): {name}.").format(kind=kind, name=repr(name)),
        _("Rows per table: {counts}.").format(counts=counts),
        led.summary(),
        _("No problems found."),
    ]


def gap_lines(led: Ledger) -> list[str]:
    """The gap list (:func:`.gaps`): warnings after a valid ledger's lines, never errors.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> gap_lines(load(dataset_path("ledger/home_care_ledger.json")))[0]
    'Gaps (warnings, not errors): 6 gap(s): 1 insight(s) with no idea, 3 idea(s) never tested, 1 decision(s) with no evidence, 1 feedback loop(s) not closed.'
    """
    found = gaps(led)
    if not len(found.table):
        return [_("Gaps: none. {summary}").format(summary=found.summary())]
    return [
        _("Gaps (warnings, not errors): {summary}").format(summary=found.summary()),
        *found.lines(),
    ]


def check_file(path: str | Path) -> str:
    """Validate a ledger (JSON, workbook or CSV folder) and describe it.

    Used by ``cocreate check ledger FILE``.

    Returns
    -------
    str
        The format found, the rows per table and the summary, then "No problems found.",
        then the gap list (:func:`gap_lines`; gaps are warnings: the check still passes).

    Raises
    ------
    DataError
        Listing every problem in the ledger.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> print(check_file(dataset_path("ledger/home_care_ledger.json")).splitlines()[0])
    Found a co-creation ledger (JSON): 'Applying for home care, redesigned with citizens'.
    """
    p = Path(path)
    led = load(p)
    return "\n".join([*check_lines(led, p), *gap_lines(led)])
