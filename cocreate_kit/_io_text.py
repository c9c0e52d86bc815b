"""Text-file plumbing for :mod:`cocreate_kit.io`: decoding, delimiter sniffing, binary refusal.

Private: the public names live in :mod:`cocreate_kit.io`, which re-exports
:class:`CsvFormat`. Nothing here reads a module limit (``MAX_*``), so the limits stay
assignable on :mod:`cocreate_kit.io` alone.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path, PurePath
from typing import Any

import numpy as np

from ._errors import ProblemCollector
from .i18n import N_, _

_CHUNK = 1 << 20
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_SIGNATURES = {
    b"PK\x03\x04": N_("a zip archive (an Excel .xlsx workbook, perhaps: name it .xlsx)"),
    b"\xd0\xcf\x11\xe0": N_("an old Excel .xls or other Office file (save it as .xlsx or CSV)"),
    b"%PDF": N_("a PDF document"),
    b"PAR1": N_("a Parquet file"),
}

_DELIMS = [",", ";", "\t"]


class CsvFormat:
    """What :func:`sniff_csv` found: encoding, delimiter and decimal mark."""

    def __init__(
        self, encoding: str, delimiter: str, decimal: str, header: list[str] | None = None
    ) -> None:
        self.encoding = encoding
        self.delimiter = delimiter
        self.decimal = decimal
        self.header = header or []

    def __repr__(self) -> str:
        return (
            f"CsvFormat(encoding={self.encoding!r}, delimiter={self.delimiter!r}, "
            f"decimal={self.decimal!r})"
        )


class MemoryFile:
    """A file's bytes held in memory (an upload), readable where the kit reads a path.

    It has the few things the readers use of a :class:`~pathlib.Path` (``name``,
    ``suffix``, ``exists``, ``is_dir``, ``open("rb")``, ``read_bytes``) and nothing that
    writes: there is no file on disk, and none is ever made. Each :meth:`open` returns a
    fresh :class:`io.BytesIO` over the same bytes.
    """

    def __init__(self, data: bytes, name: str) -> None:
        self._data = bytes(data)
        self.name = PurePath(str(name).replace("\\", "/")).name or "upload"
        self.suffix = PurePath(self.name).suffix

    def __repr__(self) -> str:
        return f"MemoryFile({self.name!r}, {len(self._data):,} bytes)"

    def exists(self) -> bool:
        return True

    def is_dir(self) -> bool:
        return False

    def read_bytes(self) -> bytes:
        return self._data

    def open(self, mode: str = "rb") -> io.BytesIO:
        if mode != "rb":
            msg = f"an uploaded file is read-only (mode {mode!r})"
            raise ValueError(msg)
        return io.BytesIO(self._data)


def as_source(path: Any) -> Any:
    """``path`` as a :class:`~pathlib.Path`, or unchanged when it is a :class:`MemoryFile`."""
    return path if isinstance(path, MemoryFile) else Path(path)


def readable(p: Any) -> Any:
    """What pandas, zipfile and openpyxl read: the path, or a fresh stream of a MemoryFile."""
    return p.open("rb") if isinstance(p, MemoryFile) else p


def _decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def _file_encoding(p: Path) -> str:
    """The file's encoding, decided by streaming it once (bounded memory).

    UTF-8 (``utf-8-sig`` with a BOM) when every byte decodes as UTF-8, ``utf-16`` with a
    UTF-16 BOM (Excel's "Unicode text"), otherwise ``cp1252``.
    """
    with p.open("rb") as fh:
        head = fh.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := fh.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"


def _sniff_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {}
    for d in _DELIMS:
        try:
            counts[d] = len(next(csv.reader([first], delimiter=d))) - 1
        except (csv.Error, StopIteration):
            counts[d] = 0
    best = max(_DELIMS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _refuse_binary(head: bytes, encoding: str, pc: ProblemCollector, what: str) -> None:
    """Add a problem if ``head`` (the first bytes) is not text."""
    for sig, kind in _SIGNATURES.items():
        if head.startswith(sig):
            kind = _(kind)
            pc.add(
                value=kind,
                expected=_("{what} (a text file); this file is {kind}").format(
                    what=what, kind=kind
                ),
            )
            return
    if encoding != "utf-16" and b"\x00" in head[:8192]:
        pc.add(
            value=_("binary data (NUL bytes)"),
            expected=_(
                "{what} (a text file); this file holds binary data: is it another "
                "format renamed, or damaged?"
            ).format(what=what),
        )


def _json_depth(text: str) -> int:
    """Deepest array/object nesting of JSON ``text``, counted without parsing it."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    if not brackets:
        return 0
    codes = np.frombuffer(brackets.encode("ascii"), dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1)
    return int(np.cumsum(steps).max())


def _brief(exc: BaseException, limit: int = 200) -> str:
    """An exception's message on one line, cut to ``limit`` characters."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _error(exc: BaseException) -> str:
    """An exception's type and brief message, for a problem's expectation ("ValueError: ...")."""
    return f"{type(exc).__name__}: {_brief(exc)}"
