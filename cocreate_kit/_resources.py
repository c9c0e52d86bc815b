"""Locate files that ship with the kit, in a wheel install and in a source checkout alike.

In a wheel, ``templates/`` and ``sample_data/`` are copied inside the package
(``cocreate_kit/templates``); in a source checkout or editable install they sit beside the
package at the repository's top level.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Return the directory ``name`` (``templates`` or ``sample_data``)."""
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    beside = PACKAGE_DIR.parent / name
    if beside.is_dir():
        return beside
    msg = f"The kit's {name!r} folder is missing from this installation (looked in {inside})."
    raise FileNotFoundError(msg)
