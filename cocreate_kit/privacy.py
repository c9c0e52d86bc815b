"""Privacy: redaction of personal data in free text, and small-cell suppression.

Redaction
---------
:func:`redact` replaces personal data in free text with typed placeholders, in this order
(each step sees the output of the previous one, and placeholders contain no digits, so a
replaced value is never matched twice):

1. ``[EMAIL]``: ``local@domain.tld``.
2. ``[URL]``: ``http(s)://...``, ``www....`` and bare domains with a common top-level domain
   (``.dk``, ``.com``, ``.org``, ...), with an optional path.
3. ``[CPR]``: Danish CPR numbers, ``DDMMYY-SSSS`` with the hyphen, a space or nothing
   between the parts, when the ten digits form a **valid birth date** under the CPR century
   rule (see :func:`cpr_birth_date`). The modulus-11 check is deliberately not used: numbers
   issued since October 2007 need not satisfy it.
4. ``[PHONE]``: Danish numbers (eight digits, optionally grouped ``12 34 56 78`` or
   ``1234 5678`` with spaces, dots or hyphens, optionally prefixed ``+45``, ``0045`` or
   ``(+45)``), and international numbers written with ``+`` or ``00`` and a country code,
   accepted when :mod:`phonenumbers` calls them possible numbers. Eight digits that read as a
   date (``2024-01-15``, ``15.01.2024``) are left alone.
5. ``[NAME]``: names on the participant deny-list, matched case-insensitively as whole
   words (full names first). Each single part of a listed name (first name, surname) is
   also replaced when it appears capitalised as listed. With a ``salt`` every person gets a
   consistent pseudonym ``[NAME-xxxxxx]`` (six hex digits of HMAC-SHA256 of the normalised
   full name keyed with the salt); the same person gets the same pseudonym in every text and
   every run with the same salt, and the salt never appears in the output.

Redaction is pattern-based: it cannot find names that are not on the deny-list. Review
quotes before publishing them.

Small-cell suppression
----------------------
No table or chart shown to stakeholders may show a group smaller than ``k`` people
(default 5, the threshold Statistics Denmark is reported to use; configurable).

* **Primary suppression** hides every cell whose count is below ``k`` (counts of 0 are
  kept: an empty cell reveals nobody).
* **Secondary suppression** hides further cells so that a hidden cell cannot be recovered
  by subtracting the shown cells from a shown total: in every line (the whole table for a
  one-way table; every row and every column of a crosstab) that has exactly one hidden
  cell, the smallest other non-zero cell is hidden too. This repeats until stable.

What counts as a group: anything defined by people's attributes (segments, personas,
filters on survey answers). Randomised test arms in :mod:`cocreate_kit.experiment` are
design conditions, not personal attributes, and are shown with their n.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import hmac
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import TypeVar, overload

import numpy as np
import pandas as pd

__all__ = [
    "DEFAULT_K",
    "PLACEHOLDERS",
    "SUPPRESSED_LABEL",
    "cpr_birth_date",
    "redact",
    "redaction_report",
    "suppress_counts",
    "suppress_crosstab",
    "suppress_segments",
]

#: Default minimum group size shown to stakeholders.
DEFAULT_K = 5
#: Text shown in place of a suppressed value.
SUPPRESSED_LABEL = f"<{DEFAULT_K}"


def _check_k(k: int) -> int:
    if not isinstance(k, (int, np.integer)) or k < 1:
        msg = f"The suppression threshold k must be a whole number of at least 1, got {k!r}."
        raise ValueError(msg)
    return int(k)


def _secondary_1d(counts: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    hidden = hidden.copy()
    if hidden.sum() == 1:
        candidates = np.where(~hidden & (counts > 0))[0]
        if len(candidates):
            hidden[candidates[np.argmin(counts[candidates])]] = True
    return hidden


def suppress_counts(
    data: pd.DataFrame,
    count: str = "n",
    *,
    k: int = DEFAULT_K,
    by: str | list[str] | None = None,
    columns: list[str] | None = None,
) -> pd.DataFrame:
    """Hide rows of a one-way summary table whose group is smaller than ``k``.

    Parameters
    ----------
    data : DataFrame
        One row per group, with a column of group sizes.
    count : str
        The column holding the number of people in each group.
    k : int, default 5
        Minimum group size shown.
    by : str or list of str, optional
        Apply secondary suppression within each of these groups separately (for a long
        table of several one-way breakdowns).
    columns : list of str, optional
        Columns blanked in hidden rows; by default every numeric column including ``count``.

    Returns
    -------
    DataFrame
        A copy with hidden values set to missing and a boolean ``suppressed`` column.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"segment": ["A", "B", "C", "D"], "n": [40, 3, 12, 25],
    ...                   "mean": [3.1, 4.0, 2.5, 3.3]})
    >>> out = suppress_counts(t, "n", k=5)
    >>> out["suppressed"].tolist()  # B is below 5; C (the next smallest) hides it
    [False, True, True, False]
    """
    k = _check_k(k)
    if count not in data.columns:
        msg = f"Column {count!r} not found; the table has: {', '.join(map(str, data.columns))}."
        raise ValueError(msg)
    out = data.copy()
    counts = pd.to_numeric(out[count], errors="coerce").fillna(0).to_numpy()
    primary = (counts > 0) & (counts < k)
    hidden = primary.copy()
    groups = [np.arange(len(out))]
    if by is not None:
        keys = [by] if isinstance(by, str) else list(by)
        groups = [np.asarray(ix) for ix in out.groupby(keys, sort=False).indices.values()]
    for ix in groups:
        hidden[ix] = _secondary_1d(counts[ix], hidden[ix])
    blank = columns
    if blank is None:
        blank = [c for c in out.columns if pd.api.types.is_numeric_dtype(out[c])]
    for c in blank:
        if hidden.any():
            out[c] = out[c].astype("float64") if pd.api.types.is_integer_dtype(out[c]) else out[c]
            out.loc[hidden, c] = np.nan
    out["suppressed"] = hidden
    return out


def suppress_crosstab(table: pd.DataFrame, *, k: int = DEFAULT_K) -> pd.DataFrame:
    """Suppress a crosstab of counts (rows x columns) with primary and secondary suppression.

    Returns a float DataFrame of the same shape with hidden cells set to NaN. Secondary
    suppression makes sure no row or column has exactly one hidden cell, so row and column
    totals cannot reveal a hidden value.

    Examples
    --------
    >>> import pandas as pd
    >>> ct = pd.DataFrame({"x": [10, 2], "y": [8, 9]}, index=["a", "b"])
    >>> int(suppress_crosstab(ct, k=5).isna().sum().sum())
    4
    """
    k = _check_k(k)
    vals = table.to_numpy(dtype="float64")
    hidden = (vals > 0) & (vals < k)
    changed = True
    while changed:
        changed = False
        for axis in (0, 1):
            lines = hidden if axis == 1 else hidden.T
            v = vals if axis == 1 else vals.T
            for i in range(lines.shape[0]):
                if lines[i].sum() == 1:
                    cand = np.where(~lines[i] & (v[i] > 0))[0]
                    if len(cand):
                        j = cand[np.argmin(v[i][cand])]
                        if axis == 1:
                            hidden[i, j] = True
                        else:
                            hidden[j, i] = True
                        changed = True
            if changed:
                break
    out = pd.DataFrame(np.where(hidden, np.nan, vals), index=table.index, columns=table.columns)
    return out


def suppress_segments(
    table: pd.DataFrame,
    segment: str | list[str],
    *,
    n: str = "n",
    k: int = DEFAULT_K,
    total_label: str | None = None,
) -> pd.DataFrame:
    """Suppress a metrics-by-segment table: every value of a small segment is hidden.

    Unlike :func:`suppress_counts`, which blanks numeric columns only, this blanks every
    column except the segment labels (text columns such as a grade would also reveal a
    small group). Secondary suppression follows :func:`suppress_counts`; a row whose
    segment equals ``total_label`` is never counted as a segment (it is the total), but it
    makes secondary suppression necessary, which is why a lone hidden segment always takes
    a second one with it.

    Parameters
    ----------
    table : DataFrame
        One row per segment, with a column of group sizes.
    segment : str or list of str
        The column(s) naming the segment; never blanked.
    n : str, default "n"
        Column of group sizes.
    k : int, default 5
        Minimum group size shown.
    total_label : str, optional
        Label of an overall row to leave out of suppression.

    Returns
    -------
    DataFrame
        A copy with hidden values missing and a boolean ``suppressed`` column.

    Examples
    --------
    >>> t = pd.DataFrame({"segment": ["A", "B", "C"], "n": [30, 2, 9],
    ...                   "grade": ["B", "A+", "C"]})
    >>> out = suppress_segments(t, "segment", k=5)
    >>> out["grade"].isna().tolist(), out["suppressed"].tolist()
    ([False, True, True], [False, True, True])
    """
    keys = [segment] if isinstance(segment, str) else list(segment)
    is_total = pd.Series(False, index=table.index)
    if total_label is not None:
        is_total = table[keys[0]].astype(str) == str(total_label)
    body = table.loc[~is_total]
    hidden_body = suppress_counts(body, n, k=k, columns=[])["suppressed"]
    out = table.copy()
    hidden = pd.Series(False, index=table.index)
    hidden.loc[hidden_body.index] = hidden_body.to_numpy()
    for c in out.columns:
        if c in keys:
            continue
        if hidden.any():
            if pd.api.types.is_integer_dtype(out[c]) or pd.api.types.is_bool_dtype(out[c]):
                out[c] = out[c].astype("float64")
            elif not pd.api.types.is_float_dtype(out[c]):
                out[c] = out[c].astype(object)
            out.loc[hidden.to_numpy(), c] = np.nan
    out["suppressed"] = hidden.to_numpy()
    return out


# --------------------------------------------------------------------------------------
# Redaction
# --------------------------------------------------------------------------------------

#: Placeholder written for each kind of personal data.
PLACEHOLDERS = {
    "EMAIL": "[EMAIL]",
    "URL": "[URL]",
    "CPR": "[CPR]",
    "PHONE": "[PHONE]",
    "NAME": "[NAME]",
}

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?!\w)")
_TLDS = "dk|com|org|net|eu|gov|edu|io|info|se|no|de|uk|fi|nl|fr|biz|me|app"
_URL_RE = re.compile(
    r"(?:\b(?:https?://|www\.)[^\s<>\"']+)"
    rf"|(?:(?<![\w@.-])(?:[a-z0-9-]+\.)+(?:{_TLDS})\b(?:/[^\s<>\"']*)?)",
    re.IGNORECASE,
)
_CPR_RE = re.compile(r"(?<![\d+])(\d{2})(\d{2})(\d{2})[-\u2010\u2013 ]?(\d{4})(?![\d])")
_DK_PHONE_RE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?45[\s.-]?|\(\+?45\)\s?)?"
    r"\d{2}[ .-]?\d{2}[ .-]?\d{2}[ .-]?\d{2}(?![\d])"
)
_INTL_PHONE_RE = re.compile(r"(?<![\w+])(?:\+|00)[1-9][\d ().-]{5,20}\d(?![\d])")
_DATE_LIKE_RE = re.compile(
    r"(?:19|20)\d\d[-./][01]\d[-./][0-3]\d|[0-3]\d[-./][01]\d[-./](?:19|20)\d\d"
)
_TRAILING = ".,;:!?)]}'\""


def cpr_birth_date(digits: str) -> _dt.date | None:
    """The birth date encoded in a CPR number, or None when the digits form no valid date.

    The century follows the CPR office's rule on the 7th digit: 0-3 -> 1900s; 4 or 9 ->
    2000-2036 for years 00-36, else 1937-1999; 5-8 -> 2000-2057 for years 00-57, else
    1858-1899. The modulus-11 check is not applied.

    Examples
    --------
    >>> cpr_birth_date("070761-4285")
    datetime.date(1961, 7, 7)
    >>> cpr_birth_date("0101254000")  # 7th digit 4, year 25 -> 2025
    datetime.date(2025, 1, 1)
    >>> cpr_birth_date("3102901234") is None  # 31 February
    True
    """
    d = re.sub(r"\D", "", digits)
    if len(d) != 10:
        return None
    day, month, yy, seventh = int(d[0:2]), int(d[2:4]), int(d[4:6]), int(d[6])
    if seventh <= 3:
        year = 1900 + yy
    elif seventh in (4, 9):
        year = 2000 + yy if yy <= 36 else 1900 + yy
    else:
        year = 2000 + yy if yy <= 57 else 1800 + yy
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def _norm_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


class _Redactor:
    """Compiled redaction rules for one deny-list and salt."""

    def __init__(self, names: Iterable[str], salt: str | bytes | None) -> None:
        if isinstance(names, str):
            names = [names]
        full = [" ".join(str(n).split()) for n in names if str(n).strip()]
        self.salt = salt.encode() if isinstance(salt, str) else salt
        self.person_of: dict[str, str] = {}
        part_owner: dict[str, set[str]] = {}
        for n in full:
            key = _norm_name(n)
            self.person_of[key] = key
            for part in n.split(" "):
                if len(part) >= 2:
                    part_owner.setdefault(part, set()).add(key)
        self.part_person = {
            p: (next(iter(owners)) if len(owners) == 1 else None)
            for p, owners in part_owner.items()
        }
        self.full_re = None
        if full:
            alts = sorted(
                {re.escape(n).replace(r"\ ", r"\s+") for n in full}, key=len, reverse=True
            )
            self.full_re = re.compile(rf"(?<!\w)(?:{'|'.join(alts)})(?!\w)", re.IGNORECASE)
        self.part_re = None
        parts = [p for p in self.part_person if p not in self.person_of]
        if parts:
            alts = sorted((re.escape(p) for p in parts), key=len, reverse=True)
            self.part_re = re.compile(rf"(?<!\w)(?:{'|'.join(alts)})(?!\w)")

    def pseudonym(self, person: str | None) -> str:
        if self.salt is None or person is None:
            return PLACEHOLDERS["NAME"]
        digest = hmac.new(self.salt, person.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"[NAME-{digest[:6]}]"

    def __call__(self, text: str, counts: Counter) -> str:
        def sub(kind: str, pattern: re.Pattern, s: str, check=None, repl=None) -> str:
            def f(m: re.Match) -> str:
                found = m.group(0)
                tail = ""
                if kind == "URL":
                    stripped = found.rstrip(_TRAILING)
                    tail = found[len(stripped) :]
                    found = stripped
                if check is not None and not check(found, m):
                    return m.group(0)
                counts[kind] += 1
                return (repl(found) if repl else PLACEHOLDERS[kind]) + tail

            return pattern.sub(f, s)

        if "@" in text:
            text = sub("EMAIL", _EMAIL_RE, text)
        if "." in text:
            text = sub("URL", _URL_RE, text)
        if any(c.isdigit() for c in text):
            text = sub("CPR", _CPR_RE, text, check=lambda s, m: cpr_birth_date(s) is not None)
            text = sub("PHONE", _INTL_PHONE_RE, text, check=_possible_intl)
            text = sub(
                "PHONE",
                _DK_PHONE_RE,
                text,
                check=lambda s, m: _DATE_LIKE_RE.fullmatch(s.strip()) is None,
            )
        if self.full_re is not None:
            text = sub(
                "NAME",
                self.full_re,
                text,
                repl=lambda s: self.pseudonym(self.person_of.get(_norm_name(s))),
            )
        if self.part_re is not None:
            text = sub(
                "NAME", self.part_re, text, repl=lambda s: self.pseudonym(self.part_person.get(s))
            )
        return text


def _possible_intl(found: str, m: re.Match) -> bool:
    digits = re.sub(r"\D", "", found)
    if found.startswith("00"):
        digits = digits[2:]
    if digits.startswith("45"):
        return False  # Danish: handled by the Danish pattern
    if not 7 <= len(digits) <= 15:
        return False
    try:
        import phonenumbers

        num = phonenumbers.parse("+" + digits, None)
        return bool(phonenumbers.is_possible_number(num))
    except Exception:  # anything phonenumbers cannot parse is not a number
        return False


T = TypeVar("T", str, pd.Series)


@overload
def redact(texts: str, *, names: Iterable[str] = ..., salt: str | bytes | None = ...) -> str: ...
@overload
def redact(
    texts: pd.Series, *, names: Iterable[str] = ..., salt: str | bytes | None = ...
) -> pd.Series: ...


def redact(texts, *, names=(), salt=None):
    """Replace personal data in free text with typed placeholders.

    Parameters
    ----------
    texts : str or pandas.Series
        One text, or a Series of texts (missing values stay missing).
    names : iterable of str
        Participant names to remove (the deny-list from the recruitment sheet).
    salt : str or bytes, optional
        Secret key. When given, each listed person gets a consistent pseudonym
        ``[NAME-xxxxxx]`` instead of ``[NAME]``. Keep the salt outside every output.

    Returns
    -------
    str or pandas.Series
        The same type as ``texts``, redacted. A Series keeps its index and name.

    See Also
    --------
    redaction_report : counts of what was replaced, never the values.

    Notes
    -----
    The rules and their order are described in the module docstring
    (:mod:`cocreate_kit.privacy`).

    Examples
    --------
    >>> redact("Ring til Mette Hansen på +45 12 34 56 78 eller mette@example.dk",
    ...        names=["Mette Hansen"])
    'Ring til [NAME] på [PHONE] eller [EMAIL]'
    >>> redact("Mit CPR er 070761-4286, se www.borger.dk.")  # fails modulus 11: still CPR
    'Mit CPR er [CPR], se [URL].'
    >>> a = redact("Mette ringede", names=["Mette Hansen"], salt="s3cret")
    >>> b = redact("mette hansen svarede", names=["Mette Hansen"], salt="s3cret")
    >>> a.split()[0] == b.split()[0] and a.startswith("[NAME-")
    True
    """
    rd = _Redactor(names, salt)
    if isinstance(texts, str):
        return rd(texts, Counter())
    if isinstance(texts, pd.Series):
        counts: Counter = Counter()
        return texts.map(lambda t: rd(t, counts) if isinstance(t, str) else t)
    msg = f"redact() takes a str or a pandas Series of texts, got {type(texts).__name__}."
    raise TypeError(msg)


def redaction_report(
    texts: str | pd.Series | Iterable[str],
    *,
    names: Iterable[str] = (),
    salt: str | bytes | None = None,
) -> pd.DataFrame:
    """Count what :func:`redact` replaces, by type, without showing any value.

    Parameters
    ----------
    texts : str, Series or iterable of str
        The raw texts (the same arguments as :func:`redact`).
    names, salt
        As for :func:`redact`.

    Returns
    -------
    DataFrame
        One row per type (``EMAIL``, ``URL``, ``CPR``, ``PHONE``, ``NAME``) with columns
        ``type``, ``replacements`` (how many values were replaced) and ``texts`` (how many
        texts contained at least one). The values themselves are never included.

    Examples
    --------
    >>> redaction_report(["mail a@b.dk", "ring 12345678 eller 87654321", "intet"])
    ... # doctest: +NORMALIZE_WHITESPACE
        type  replacements  texts
    0  EMAIL             1      1
    1    URL             0      0
    2    CPR             0      0
    3  PHONE             2      1
    4   NAME             0      0
    """
    rd = _Redactor(names, salt)
    if isinstance(texts, str):
        texts = [texts]
    total: Counter = Counter()
    per_text: Counter = Counter()
    for t in texts:
        if not isinstance(t, str):
            continue
        c: Counter = Counter()
        rd(t, c)
        total.update(c)
        per_text.update({k: 1 for k, v in c.items() if v})
    kinds = list(PLACEHOLDERS)
    return pd.DataFrame(
        {
            "type": kinds,
            "replacements": [int(total[k]) for k in kinds],
            "texts": [int(per_text[k]) for k in kinds],
        }
    )
