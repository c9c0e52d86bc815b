"""Privacy: redaction of personal data in free text, and small-cell suppression.

Redaction
---------
:func:`redact` replaces personal data in free text with typed placeholders, in this order
(each step sees the output of the previous one, and placeholders contain no digits, so a
replaced value is never matched twice and redacting twice changes nothing):

1. ``[EMAIL]``: ``local@domain.tld``, and addresses written to dodge harvesters:
   ``anne.jensen at gmail dot com``, ``anne (at) gmail (dot) com``, ``[at]``, ``{at}``,
   ``(a)``, ``[snabel-a]`` / ``(snabel-a)``, ``" @ "`` with spaces, and ``dot``,
   ``punktum`` or ``prik`` (bare or in brackets) for the dots. The domain must end in a
   known top-level domain. **Decision:** the bare word "at" is ordinary Danish ("jeg
   kiggede at ...") and English, so ``x at y.tld`` counts only when the domain spells out
   a dot word, or the local part holds ``.``, ``_``, ``+`` or a digit, or the host is a
   common mail provider (gmail, hotmail, outlook, live, yahoo, icloud, mail, post, ...);
   ``look at www.borger.dk`` is a URL, not an e-mail.
2. ``[URL]``: ``http(s)://...``, ``www....`` and bare domains with a common top-level domain
   (``.dk``, ``.com``, ``.org``, ...), with an optional path.
3. ``[CPR]``: Danish CPR numbers, ``DDMMYY`` and ``SSSS`` with nothing, a space, or a
   separator between them: ``-``, ``.``, ``/`` or any dash character (U+2010 to U+2015,
   the non-breaking hyphen U+2011, the minus sign U+2212), with optional spaces (also
   no-break spaces) around it. The ten digits must form a **valid birth date** under the
   CPR century rule (see :func:`cpr_birth_date`). The modulus-11 check is deliberately
   not used: numbers issued since October 2007 need not satisfy it. **Decision:** a
   reference written ``DDMMYY/NNNN`` whose first six digits happen to be a valid date is
   redacted too; a lost reference number costs less than a leaked CPR number.
4. ``[PHONE]``: international numbers written with ``+`` or ``00`` and a country code,
   accepted when :mod:`phonenumbers` calls them possible numbers; and Danish numbers:

   * with a ``+45``, ``0045`` or ``(+45)`` prefix: the eight digits in **any** grouping
     (``+45 203 04 050``), separated by spaces, dots, hyphens, dashes or slashes;
   * after a phone word in the 30 characters before it (``tlf``, ``telefon``, ``mobil``,
     ``ring``, ``sms``, ``nummer``, ``phone``, ``call``, ``contact``, ...): eight digits
     in any grouping;
   * otherwise only in the shapes Danes write phone numbers, ``12 34 56 78`` (one
     separator used throughout), ``1234 5678`` or ``12345678``, starting with 2-9 (Danish
     subscriber numbers never start with 0 or 1).

   Never a phone: eight digits that read as a date (``2024-01-15``, ``15.01.2024``,
   ``15012024``), amounts with thousands separators (``25.000.000``), times and time
   ranges (``10.30-11.45``, also after a phone word: ``tlf. 8.00-15.00``), year ranges and
   year-serial case numbers (``2019-2024``, ``2024-1234``, ``2023 2024``), and numbers
   after a word naming another kind of number in the 30 characters before (``sag``,
   ``sagsnr``, ``j.nr``, ``journal``, ``ref``, ``ordre``, ``faktura``, ``konto``,
   ``kunde``, ``CVR``, ``kr``, ``id``, ...). The last such word before the number decides.
5. ``[ADDRESS]``: Danish street addresses with a house number:

   * a street named by a street-type word or ending (``Nørregade``, ``Kongevej``,
     ``Sandtoften``, ``H.C. Andersens Boulevard``, ``Klosterris vej``; ``-vej``, ``-gade``,
     ``allé``, ``boulevard``, ``stræde``, ``plads``, ``torv``, ``vænge``, ``-toften``,
     ``brygge``, ...), then a house number (``12``, ``3B``, ``12-14``), then, when given,
     floor and side (``2. th.``, ``st. tv``, ``1.tv``, ``stuen``), a locality line and a
     postcode with town (``8000 Aarhus C``, ``1553 København V``, Swedish ``SE-211 27
     Malmö``) and a country line (``Danmark``), across commas or line breaks;
   * any capitalised street name with a house number **and** a postcode with town
     (``Bredstrup 4, 7000 Fredericia``).

   **Decision:** a street without a house number (``jeg bor på Nørregade``), a postcode
   and town alone (``8000 Aarhus``) and place names are not personal data on their own and
   are kept; ``på vej 2 gange`` is not an address (a street word needs a capitalised name
   before it), nor is ``Dyrehaven 2 gange`` (a number followed by a unit such as
   ``gange``, ``timer``, ``km``, ``kr``, ``%`` is a count). Foreign addresses are caught
   only when they fit these shapes.
6. ``[NAME]``: names on the participant deny-list:

   * **full names**, case-insensitively as whole words, with any spaces or hyphens between
     the parts (``Anne-Marie Jensen`` also matches ``anne marie jensen``);
   * **single parts** of a listed name (first names, surnames, each piece of a hyphenated
     name: ``Anne-Marie`` gives ``Anne``, ``Marie`` and ``Anne-Marie``) when written with a
     capital as listed, or in capitals (``JENSEN``, parts of four letters or more).
     **Decision:** single parts are case-sensitive because many Danish names are also
     words (``Bo``, ``Per``, ``Lykke``, ``Rask``, ``Lang``); lower-case full names are
     still caught;
   * **possessives**: the Danish genitive ``-s`` and ``'s`` / ``s'`` (``Anne Jensens``,
     ``Jensen's``, ``Jensens'``) are replaced with the name;
   * **hyphenated compounds** containing a listed part (``Jensen-Hansen`` when ``Jensen``
     is listed) are replaced as one name.

   With a ``salt`` every person gets a consistent pseudonym ``[NAME-xxxxxx]`` (six hex
   digits of HMAC-SHA256 of the normalised full name keyed with the salt); the same person
   gets the same pseudonym in every text and every run with the same salt, in every form
   above, and the salt never appears in the output. A part shared by two listed people
   gets the plain ``[NAME]``. Neighbouring placeholders of one person (a first name and a
   surname replaced one by one) are merged into one.

Redaction is pattern-based: it cannot find names that are not on the deny-list, and it
does not find numbers spelled out in words. Review quotes before publishing them.
:func:`name_terms` gives the words of the deny-list that theme labels must leave out
(:func:`cocreate_kit.feedback.themes`). The recall and precision of these rules on a
synthetic corpus and on the Danish Anonymization Benchmark are measured by
``benchmarks/redaction.py``.

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
    "name_terms",
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
    "ADDRESS": "[ADDRESS]",
    "NAME": "[NAME]",
}

# Separators people put between the parts of a number: the ASCII hyphen-minus and the other
# dash characters (U+2010 hyphen, U+2011 non-breaking hyphen, U+2012 figure dash, U+2013 en
# dash, U+2014 em dash, U+2015 horizontal bar, U+2212 minus sign).
_DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_HSP = "[ \t\u00a0\u2007\u202f]"  # horizontal space, including the no-break spaces

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?!\w)")
_TLDS = "dk|com|org|net|eu|gov|edu|io|info|se|no|de|uk|fi|nl|fr|biz|me|app"
_MAIL_TLDS = _TLDS + "|nu|ch|be|pl|es|it|co|us|ca|is|gl|fo|online"
_AT_WORD = r"(?:at|a|snabel-?a|snabel\s?a)"
_DOT_WORD = r"(?:dot|punktum|prik)"
_OBF_EMAIL_RE = re.compile(
    r"(?<![\w.+%-])(?P<local>\w[\w.+%-]*?)"
    r"(?P<at>\s*@\s*|\s*[(\[{<]\s*" + _AT_WORD + r"\s*[)\]}>]\s*|\s+(?:at|snabel-a)\s+)"
    r"(?P<domain>[\w-]+(?:(?:\s*[.]\s*|\s*[(\[{<]\s*"
    + _DOT_WORD
    + r"\s*[)\]}>]\s*|\s+"
    + _DOT_WORD
    + r"\s+)[\w-]+)*?)"
    r"(?P<dot>\s*[.]\s*|\s*[(\[{<]\s*" + _DOT_WORD + r"\s*[)\]}>]\s*|\s+" + _DOT_WORD + r"\s+)"
    r"(?P<tld>" + _MAIL_TLDS + r")(?![\w@])",
    re.IGNORECASE,
)
# Mail providers whose name makes "x at provider.tld" an address even in plain words.
_MAIL_HOSTS = frozenset(
    "gmail hotmail outlook live msn yahoo icloud me mail email e-mail post protonmail proton "
    "gmx jubii ofir stofanet youmail webspeed privat mail.tele tdcadsl get".split()
)
# Cheap pre-checks: a text without them cannot match the (slower) full pattern.
_AT_HINT_RE = re.compile(r"@|[(\[{<]\s*(?:at|a|snabel)|\s(?:at|snabel-a)\s", re.IGNORECASE)
_HOUSE_HINT_RE = re.compile(r"[^\W\d_][ \t]+\d{1,3}(?:[A-Za-z]|[ ][A-Z])?(?!\w)")
_URL_RE = re.compile(
    r"(?:\b(?:https?://|www\.)[^\s<>\"']+)"
    rf"|(?:(?<![\w@.-])(?:[a-z0-9-]+\.)+(?:{_TLDS})\b(?:/[^\s<>\"']*)?)",
    re.IGNORECASE,
)
_CPR_RE = re.compile(
    rf"(?<![\d+])(?<!\d[.,])(\d{{2}})(\d{{2}})(\d{{2}})"
    rf"(?:{_HSP}*[./{_DASH}]{_HSP}*|{_HSP})?(\d{{4}})(?!\d)(?![.,]\d)"
)
_PHONE_SEP = rf"[ \t\u00a0\u2007\u202f\n./{_DASH}]"
_DK_PREFIX = rf"(?:(?:\+|00){_HSP}?45|\({_HSP}?(?:\+|00){_HSP}?45{_HSP}?\))"
# 1) a +45 / 0045 / (+45) prefix and eight digits in any grouping;
# 2) unprefixed eight digits written 2-2-2-2, 4-4 or 8 (the shapes Danes use for phones);
# 3) unprefixed eight digits in any other grouping: accepted only after a phone word.
_DK_PHONE_RE = re.compile(
    rf"(?<![\w+])(?P<prefix>{_DK_PREFIX}{_PHONE_SEP}{{0,2}})?"
    rf"(?P<num>\d(?:{_PHONE_SEP}?\d){{7}})(?!\d)(?![.,]\d)"
)
_PHONE_SHAPE_RE = re.compile(
    rf"\d{{8}}|\d\d(?P<s>{_PHONE_SEP})\d\d(?P=s)\d\d(?P=s)\d\d|\d{{4}}{_PHONE_SEP}\d{{4}}"
)
_INTL_PHONE_RE = re.compile(r"(?<![\w+])(?:\+|00)[1-9][\d ().-]{5,20}\d(?![\d])")
_DATE_LIKE_RE = re.compile(
    rf"(?:19|20)\d\d[{_DASH}./][01]\d[{_DASH}./][0-3]\d"
    rf"|[0-3]\d[{_DASH}./][01]\d[{_DASH}./](?:19|20)\d\d"
)
# Words before a number that say what it is (the last one within 30 characters wins).
_NUMBER_CONTEXT_RE = re.compile(
    r"(?i)(?P<phone>\b(?:tlf|telefon\w*|tel|mobil\w*|mob|ring\w*|sms|phone|call|cell|"
    r"fax|nummer|number|kontakt\w*|contact)\b)"
    r"|(?P<other>\b(?:sag\w*|j\.?\s?nr|jnr|journal\w*|ref\w*|ordre\w*|order|faktura\w*|"
    r"invoice|konto\w*|account|kunde\w*|customer|case|cvr\w*|se-nr|p-nr|reg\w*|id|"
    r"bilag|kr|dkk|eur|pris\w*|beløb\w*|amount|version)\b)"
)
# Street types Danes write as a word ending ("Nørregade") or as their own word ("H.C.
# Andersens Boulevard"). A street with a house number is an address.
_STREET_SUFFIX = (
    "vej|vejen|gade|gaden|allé|boulevard|stræde|strædet|plads|pladsen|torv|torvet|"
    "vænge|vænget|parken|haven|bakke|bakken|høj|højen|toften|vangen|stien|gyde|gyden|"
    "hegnet|kæret|marken|engen|lunden|dalen|kaj|kajen|brygge|bryggen|løkke|løkken|"
    "ager|agre|huse|passage|ringen|tofte|kvarter|have|park|"
    "gatan|vägen|gränd|straße|strasse|street|road|lane|avenue"
)
_WORD_TAIL = r"(?:[\w'’-]|\.(?=\w))*"  # letters, with inner dots only ("St.Merløse")
_CAP = rf"(?=[A-ZÆØÅÄÖÜÉ])[^\W\d_]{_WORD_TAIL}"
# An abbreviation's dot ("th.", "st.") unless it ends the sentence.
_ABBR_DOT = r"(?:\.(?![ \t]+[A-ZÆØÅ]|[ \t]*$))?"
_UNITS = (
    r"gange?|timer?|t|dage?|døgn|min|minutter|sek|km|m|kg|g|mg|ml|l|kr|år|uger?|måneder|mdr|"
    r"stk|x|times?|hours?|days?|minutes?|mins?|weeks?|months?|years?|pcs|people|personer"
)
_HOUSE = (
    r"\d{1,3}(?:[A-Za-z]|[ ][A-Z])?(?!\w)(?:[ ]?[-–][ ]?\d{1,3}[A-Za-z]?(?!\w))?(?![,.]\d)"
    rf"(?![ \t]*(?i:{_UNITS})\b|[ \t]*%)"  # "Dyrehaven 2 gange": a count, not a house number
)
_SIDE = rf"(?i:th|tv|mf|t\.h|t\.v)\b{_ABBR_DOT}"
_FLOOR = (
    rf"(?:,?[ \t]*(?:(?i:st(?:uen?)?|kl(?:d|dr)?)\b{_ABBR_DOT}|(?i:kælder)"
    rf"|\d{{1,2}}(?!\d)(?:\.|[ ]?sal\b|(?=[ \t]*{_SIDE})))"
    rf"(?:[ \t]*,?[ \t]*{_SIDE}|[ \t]*,?[ \t]*\d{{1,3}}(?![\d.]))?"
    r"|,?[ \t]*\d{1,3}(?=[,\s]+[1-9]\d{3}[ \t]))"
)
_CITY = (
    rf"(?=[A-ZÆØÅ])[^\W\d_]{_WORD_TAIL}(?:[ ](?=[A-ZÆØÅ])[^\W\d_]{_WORD_TAIL})?"
    r"(?:[ ](?:NV|NØ|SV|SØ|[NSØVKC])\b)?"
)
_POSTCODE = (
    r"(?:[,\s]+(?:(?=[A-ZÆØÅ])[^\W\d_]+[ \t]*[,\n]\s*)?"
    r"(?:(?:DK-?[ ]?)?[1-9]\d{3}|(?:SE-?[ ]?)?[1-9]\d\d[ ]\d\d)"
    rf"[ \t]+{_CITY}"
    r"(?:[ \t]*[,\n]\s*(?:Danmark|Denmark|Sverige|Sweden|Norge|Norway|Tyskland|Germany)\b)?)"
)
_STREET_WORD = "vej|gade|allé|boulevard|plads|torv|stræde|vænge|brygge|passage|kaj"
_PRE = rf"(?:(?:[A-ZÆØÅ]\.[ ]?)+|{_CAP}[ ])"
_ADDRESS_RE = re.compile(
    # a street ending in a street type, a house number; floor, postcode and town if given
    rf"(?<![\w-])(?:{_PRE}{{0,3}}{_CAP}(?i:{_STREET_SUFFIX})|{_PRE}{{1,3}}(?i:{_STREET_WORD}))"
    rf"[ \t]+{_HOUSE}{_FLOOR}?{_POSTCODE}?(?![\w])"
    # or any capitalised street name, a house number, and a postcode with town
    rf"|(?<![\w-]){_PRE}{{0,3}}{_CAP}[ \t]+{_HOUSE}{_FLOOR}?"
    rf"{_POSTCODE}(?![\w])"
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


# "[NAME] [NAME]" (a first name and a surname replaced one by one) becomes one "[NAME]".
_SAME_NAMES_RE = re.compile(r"(\[NAME(?:-[0-9a-f]{6})?\])(?:[ \u00a0]+\1)+")
_HYPHEN_CHARS = "\\-\u2010\u2011\u2012\u2013"
_HYPHEN_RE = re.compile(f"[{_HYPHEN_CHARS}]")
_DIGIT_RE = re.compile(r"\d")
_POSSESSIVE = r"(?:['’]s|s['’]?)?"
_LETTERS = r"[^\W\d_]+"


def _norm_name(name: str) -> str:
    """Case-folded name with hyphens as spaces and single spaces (the person's key)."""
    name = unicodedata.normalize("NFC", name).casefold()
    name = re.sub(f"[{_HYPHEN_CHARS}]", " ", name)
    return " ".join(name.split())


def _strip_possessive(word: str) -> str:
    for suffix in ("'s", "’s", "s'", "s’", "'", "’", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word


def _name_parts(name: str) -> list[str]:
    """The single parts of a listed name: words, and the pieces of hyphenated words."""
    parts = []
    for word in name.split():
        pieces = re.split(f"[{_HYPHEN_CHARS}]", word)
        for p in [word, *pieces] if len(pieces) > 1 else [word]:
            if len(re.sub(r"\W", "", p)) >= 2 and p not in parts:
                parts.append(p)
    return parts


def name_terms(names: Iterable[str]) -> frozenset[str]:
    """Lower-case words of deny-listed names, with their possessive forms.

    Used to keep participant names out of theme labels and top terms: every word of every
    listed name (and each piece of a hyphenated name) is given case-folded, together with
    its Danish and English genitive forms (``jensens``, ``jensen's``).

    Examples
    --------
    >>> sorted(t for t in name_terms(["Anne-Marie Jensen"]) if "'" not in t)
    ['anne', 'anne-marie', 'anne-maries', 'annes', 'jensen', 'jensens', 'marie', 'maries']
    """
    if isinstance(names, str):
        names = [names]
    out: set[str] = set()
    for n in names:
        for p in _name_parts(unicodedata.normalize("NFC", str(n))):
            p = p.casefold()
            out.update({p, p + "s", p + "'s"})
    return frozenset(out)


_TIME_RANGE_RE = re.compile(rf"[0-2]?\d[.:][0-5]\d[{_DASH}/][0-2]?\d[.:][0-5]\d")


def _phone_context(text: str, start: int) -> str | None:
    """``"phone"``, ``"other"`` or None: the last number word in the 30 characters before."""
    last = None
    for m in _NUMBER_CONTEXT_RE.finditer(text, max(0, start - 30), start):
        last = m
    if last is None:
        return None
    return "phone" if last.group("phone") else "other"


def _is_dk_phone(text: str, m: re.Match) -> bool:
    """Apply the Danish phone rules (module docstring) to a candidate match."""
    num = m.group("num")
    digits = re.sub(r"\D", "", num)
    if m.group("prefix"):
        return True
    if (
        _DATE_LIKE_RE.fullmatch(num)
        or re.fullmatch(r"\d{1,2}(?:\.\d{3})+", num)  # 25.000.000: an amount
        or _TIME_RANGE_RE.fullmatch(num)  # 8.00-15.00: opening hours
        or re.fullmatch(r"(?:19|20)\d\d\D+(?:19|20)\d\d", num)  # 2023 2024: two years
    ):
        return False
    context = _phone_context(text, m.start())
    if context is not None:
        return context == "phone"
    if digits[0] in "01":
        return False  # Danish subscriber numbers start with 2-9
    if not _PHONE_SHAPE_RE.fullmatch(re.sub(r"\s", " ", num)):
        return False
    if len(num) == 9 and num[4] in "/" + _DASH.replace("\\", "") and num[:2] in ("19", "20"):
        return False  # 2019-2024 or 2024-1234: a year range or a case number
    if len(num) == 8 and num[4:6] in ("19", "20") and _is_ddmm(num[:4]):
        return False  # 15032024: a date written without separators
    return True


def _is_ddmm(s: str) -> bool:
    return 1 <= int(s[:2]) <= 31 and 1 <= int(s[2:]) <= 12


def _plausible_email(m: re.Match) -> bool:
    """Reject "look at borger.dk"-style matches of the obfuscated e-mail pattern."""
    at = m.group("at").strip().lower()
    if at not in ("at", "snabel-a"):
        return True  # "@", "(at)", "[at]", "(a)", "[snabel-a]": written as an address
    domain = m.group("domain")
    if domain.lower().startswith("www"):
        return False
    if re.search(rf"\s{_DOT_WORD}\s|[(\[{{<]", m.group(0)[m.start("domain") - m.start() :], re.I):
        return True  # "dot" / "punktum" spelled out: an obfuscated address
    local = m.group("local")
    first = re.split(r"\s*\.\s*", domain, maxsplit=1)[0].lower()
    return bool(re.search(r"[._+%\d]", local)) or first in _MAIL_HOSTS


class _Redactor:
    """Compiled redaction rules for one deny-list and salt."""

    def __init__(self, names: Iterable[str], salt: str | bytes | None) -> None:
        if isinstance(names, str):
            names = [names]
        full = [
            " ".join(unicodedata.normalize("NFC", str(n)).split()) for n in names if str(n).strip()
        ]
        self.salt = salt.encode() if isinstance(salt, str) else salt
        self.person_of: dict[str, str] = {}
        part_owner: dict[str, set[str]] = {}
        for n in full:
            key = _norm_name(n)
            self.person_of[key] = key
            for part in _name_parts(n):
                if part[0].isupper():
                    part_owner.setdefault(part, set()).add(key)
                    if len(part) >= 4 and part.upper() != part:
                        part_owner.setdefault(part.upper(), set()).add(key)
        self.part_person = {
            p: (next(iter(owners)) if len(owners) == 1 else None)
            for p, owners in part_owner.items()
        }
        dash = f"[{_HYPHEN_CHARS}\\s]+"
        self.full_re = None
        if full:
            alts = sorted(
                {
                    dash.join(re.escape(w) for w in re.split(f"[{_HYPHEN_CHARS}\\s]+", n))
                    for n in full
                },
                key=len,
                reverse=True,
            )
            self.full_re = re.compile(
                rf"(?<!\w)(?:{'|'.join(alts)}){_POSSESSIVE}(?!\w)", re.IGNORECASE
            )
        self.part_re = self.compound_re = None
        parts = list(self.part_person)
        if parts:
            alts = sorted((re.escape(p) for p in parts), key=len, reverse=True)
            h = f"[{_HYPHEN_CHARS}]"
            part = f"(?:{'|'.join(alts)})"
            tail = rf"(?:{h}{_LETTERS})*{_POSSESSIVE}(?!\w)"
            # A listed part first (the common case, fast), or after other hyphenated words.
            self.part_re = re.compile(rf"(?<![\w{_HYPHEN_CHARS}]){part}{tail}")
            self.compound_re = re.compile(
                rf"(?<![\w{_HYPHEN_CHARS}])(?:{_LETTERS}{h})+{part}{tail}"
            )

    def pseudonym(self, person: str | None) -> str:
        if self.salt is None or person is None:
            return PLACEHOLDERS["NAME"]
        digest = hmac.new(self.salt, person.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"[NAME-{digest[:6]}]"

    def full_person(self, found: str) -> str | None:
        key = _norm_name(found)
        return self.person_of.get(key) or self.person_of.get(_norm_name(_strip_possessive(found)))

    def part_owner(self, found: str) -> str | None:
        people = set()
        for piece in re.split(f"[{_HYPHEN_CHARS}]", found):
            for p in (piece, _strip_possessive(piece)):
                if p in self.part_person:
                    people.add(self.part_person[p])
                    break
        return people.pop() if len(people) == 1 else None

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
        if _AT_HINT_RE.search(text):
            text = sub("EMAIL", _OBF_EMAIL_RE, text, check=lambda s, m: _plausible_email(m))
        if "." in text:
            text = sub("URL", _URL_RE, text)
        if _DIGIT_RE.search(text):
            text = sub("CPR", _CPR_RE, text, check=lambda s, m: cpr_birth_date(s) is not None)
            text = sub("PHONE", _INTL_PHONE_RE, text, check=_possible_intl)
            current = text
            text = sub("PHONE", _DK_PHONE_RE, text, check=lambda s, m: _is_dk_phone(current, m))
            if _HOUSE_HINT_RE.search(text):
                text = sub("ADDRESS", _ADDRESS_RE, text)
        if self.full_re is not None:
            text = sub(
                "NAME", self.full_re, text, repl=lambda s: self.pseudonym(self.full_person(s))
            )
        if self.part_re is not None:
            if _HYPHEN_RE.search(text):
                text = sub(
                    "NAME",
                    self.compound_re,
                    text,
                    repl=lambda s: self.pseudonym(self.part_owner(s)),
                )
            text = sub(
                "NAME", self.part_re, text, repl=lambda s: self.pseudonym(self.part_owner(s))
            )
            text = _SAME_NAMES_RE.sub(r"\1", text)
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
    >>> redact("Anne Jensens mor bor på Vestergade 3B, 5000 Odense, tlf. +45 203 04 050",
    ...        names=["Anne Jensen"])
    '[NAME] mor bor på [ADDRESS], tlf. [PHONE]'
    >>> redact("CPR 010190.1234, skriv til anne.jensen at gmail dot com")
    'CPR [CPR], skriv til [EMAIL]'
    >>> redact("Mødet 01.01.2024 kl. 10.30-11.45 kostede 1.234,50 kr., sag 2024-1234.")
    'Mødet 01.01.2024 kl. 10.30-11.45 kostede 1.234,50 kr., sag 2024-1234.'
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
        One row per type (``EMAIL``, ``URL``, ``CPR``, ``PHONE``, ``ADDRESS``, ``NAME``) with
        columns ``type``, ``replacements`` (how many values were replaced) and ``texts``
        (how many texts contained at least one). The values themselves are never included.

    Examples
    --------
    >>> redaction_report(["mail a@b.dk", "ring 22345678 eller 87654321", "intet"])
    ... # doctest: +NORMALIZE_WHITESPACE
          type  replacements  texts
    0    EMAIL             1      1
    1      URL             0      0
    2      CPR             0      0
    3    PHONE             2      1
    4  ADDRESS             0      0
    5     NAME             0      0
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
