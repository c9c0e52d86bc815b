"""Redaction patterns for :mod:`cocreate_kit.privacy`: e-mail, URL, CPR, phone, address.

Private: the compiled rules and the checks that accept or reject a candidate match, in
the order and with the decisions documented in :mod:`cocreate_kit.privacy`.
:func:`cpr_birth_date` is public as :func:`cocreate_kit.privacy.cpr_birth_date`.
"""

from __future__ import annotations

import datetime as _dt
import re

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
# "nummer" after a hyphen belongs to the word before it: "P-nummer", "CVR-/P-nummer" and
# "SE-nummer" name company numbers, "Mobil-nummer" a phone.
_NUMBER_CONTEXT_RE = re.compile(
    r"(?i)(?P<phone>\b(?:tlf|telefon\w*|tel|mobil\w*|mob|ring\w*|sms|phone|call|cell|"
    r"fax|(?<!-)nummer|(?<!-)number|kontakt\w*|contact)\b)"
    r"|(?P<other>\b(?:sag\w*|j\.?\s?nr|jnr|journal\w*|ref\w*|ordre\w*|order|faktura\w*|"
    r"invoice|konto\w*|account|kunde\w*|customer|case|cvr\w*|(?:se|p|ean)-n(?:r|ummer)|"
    r"reg\w*|id|"
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

#: Public-service domains kept out of ``[URL]``: they are what citizens give feedback
#: about, not personal data. An entry covers the domain and every subdomain
#: (``borger.dk`` covers ``www.borger.dk`` and ``lifeindenmark.borger.dk``); an entry
#: ``*.kommune.dk`` covers only subdomains (``aarhus.kommune.dk``). E-mail addresses at
#: these domains are still ``[EMAIL]``: the address is a person's.
PUBLIC_DOMAINS = frozenset(
    {
        "borger.dk",
        "skat.dk",
        "e-boks.dk",
        "sundhed.dk",
        "mitid.dk",
        "*.kommune.dk",
        "nemid.nu",
        "virk.dk",
        "politi.dk",
    }
)
_DOMAIN_RE = re.compile(r"(?:\*\.)?(?:[\w-]+\.)+[\w-]{2,}", re.IGNORECASE)


def _domain_rules(allow) -> tuple[frozenset[str], tuple[str, ...]]:
    """(exact domains, subdomain suffixes) of an allow-list; ValueError on a non-domain."""
    if isinstance(allow, str):
        allow = [allow]
    exact, suffixes = set(), []
    for entry in allow:
        d = str(entry).strip().lower().rstrip(".")
        if not _DOMAIN_RE.fullmatch(d):
            msg = (
                f"allow_domains: {entry!r} is not a domain; give bare domains such as "
                "'borger.dk' (the domain and its subdomains) or '*.kommune.dk' (subdomains)."
            )
            raise ValueError(msg)
        if d.startswith("*."):
            suffixes.append(d[1:])
        else:
            exact.add(d)
            suffixes.append("." + d)
    return frozenset(exact), tuple(suffixes)


def _url_host(url: str) -> str:
    """The lower-case host of a matched URL (no scheme, user, port, path or trailing dot)."""
    rest = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url, flags=re.IGNORECASE)
    host = re.split(r"[/?#]", rest, maxsplit=1)[0].rsplit("@", 1)[-1]
    return host.split(":", 1)[0].rstrip(".").lower()


def _allowed_url(url: str, rules: tuple[frozenset[str], tuple[str, ...]]) -> bool:
    host = _url_host(url)
    exact, suffixes = rules
    return host in exact or host.endswith(suffixes)


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


_TIME_RANGE_RE = re.compile(rf"[0-2]?\d[.:][0-5]\d[{_DASH}/][0-2]?\d[.:][0-5]\d")
# 0800-1600: opening hours written as four-digit clock times (Danish numbers never start
# with 0 or 1, so the first time's leading 0/1 tells it from a 4-4 phone number).
_CLOCK_RANGE_RE = re.compile(rf"[01]\d[0-5]\d{_HSP}?[{_DASH}]{_HSP}?(?:[01]\d|2[0-4])[0-5]\d")
# 24 07 2006: a day, a month and a four-digit year, one separator (a space, too) throughout.
_DMY_RE = re.compile(rf"(?P<dm>[0-3]\d(?P<s>{_PHONE_SEP})[01]\d)(?P=s)(?:19|20)\d\d")


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
        or _CLOCK_RANGE_RE.fullmatch(num)  # 0800-1600: opening hours
        or _is_dmy(num)  # 24 07 2006: a date, also after a phone word
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


def _is_dmy(num: str) -> bool:
    m = _DMY_RE.fullmatch(num)
    return bool(m) and _is_ddmm(re.sub(r"\D", "", m.group("dm")))


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
