"""Languages: message catalogues (gettext, managed with Babel) and locale-correct numbers.

English is the source language: every user-facing string is written in English in the code
and marked for translation. Danish (``da``) is complete. A translator adds a language
(Swedish, Norwegian, German ...) without touching code::

    python scripts/i18n.py init sv      # creates cocreate_kit/locale/sv/LC_MESSAGES/cocreate_kit.po
    # translate the msgstr entries, then
    python scripts/i18n.py update       # re-extract, merge, compile the .mo files

:func:`languages` lists every language with a compiled catalogue, so the new one is offered
by ``language=``, ``cocreate serve --language`` and the apps' language switch at once.

How code marks text
-------------------
* ``_("Not enough evidence yet")``: translated now, in the current language.
* ``_("{n} respondents").format(n=fmt_int(n))``: named placeholders, never ``%`` or
  f-strings inside ``_()`` (a translator may need to reorder them); format numbers with the
  functions below before they go in.
* ``ngettext("{n} problem", "{n} problems", n).format(n=fmt_int(n))``: plurals.
* ``N_("Mean")``: marks a module-level constant for extraction without translating it;
  translate it where it is shown, with ``_(CONSTANT)``.
* ``lazy("Journey map")``: a :class:`LazyString`, translated each time it is turned into
  text, for a title stored before the language is known.
* A comment ``# Translators: ...`` on the line before is copied into the catalogue.

The current language
--------------------
The language is a context variable (safe with threads and asyncio): :func:`set_language`
for a notebook or a process, :func:`use_language` for a block. Text is produced in the
language current when it is *shown* (``summary()``, ``to_html()``, ``chart()``); results keep
numbers, not sentences, so one result can be shown in both languages.

Numbers and dates
-----------------
:func:`fmt_number`, :func:`fmt_int`, :func:`fmt_percent`, :func:`fmt_date` and
:func:`fmt_month` wrap Babel's ``format_decimal`` / ``format_percent`` / ``format_date`` for
the current language's locale (:data:`LOCALES`: ``da`` -> ``da_DK``, ``en`` -> ``en_GB``):
Danish gets "1.234,5", "24,5 %" and "29.11.2026". Charts get the same through
:func:`vega_format_locale`, passed to vl-convert, so axis ticks match the text.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as _dt
import gettext as _gettext
import math
import os
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "LOCALES",
    "LOCALE_DIR",
    "LANGUAGE_NAMES",
    "LazyString",
    "N_",
    "_",
    "fmt_date",
    "fmt_int",
    "fmt_month",
    "fmt_number",
    "fmt_percent",
    "get_language",
    "languages",
    "lazy",
    "ngettext",
    "normalise_language",
    "pgettext",
    "set_language",
    "use_language",
    "vega_format_locale",
]

#: The gettext domain: ``cocreate_kit/locale/<lang>/LC_MESSAGES/cocreate_kit.mo``.
DOMAIN = "cocreate_kit"
#: Folder of the catalogues.
LOCALE_DIR = Path(__file__).parent / "locale"
#: The source language, used when nothing else is chosen.
DEFAULT_LANGUAGE = "en"
#: Babel locale used for numbers and dates, per language (others: the language code itself).
LOCALES = {"en": "en_GB", "da": "da_DK"}
#: Each language's name in its own language (for the language switch).
LANGUAGE_NAMES = {"en": "English", "da": "Dansk", "sv": "Svenska", "nb": "Norsk", "de": "Deutsch"}
#: Environment variable holding the default language of a process (``cocreate serve``).
ENV_VARIABLE = "COCREATE_LANGUAGE"

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "cocreate_language", default=None
)
# The process default set by set_language(): a plain global, because a notebook kernel runs
# each cell (and each widget callback) in a fresh context, where a ContextVar set in an
# earlier cell is not seen.
_process_default: list[str | None] = [None]


@lru_cache(maxsize=1)
def languages() -> tuple[str, ...]:
    """The languages offered: English plus every language with a compiled catalogue.

    Examples
    --------
    >>> "en" in languages() and "da" in languages()
    True
    """
    found = {DEFAULT_LANGUAGE}
    if LOCALE_DIR.is_dir():
        for mo in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"):
            found.add(mo.parent.parent.name)
    return tuple(sorted(found, key=lambda code: (code != DEFAULT_LANGUAGE, code)))


def normalise_language(value: Any) -> str:
    """``value`` as one of :func:`languages`: ``"da-DK"``, ``"da_DK"`` and ``"DA"`` give ``"da"``.

    Raises ``ValueError`` naming the offered languages for anything else.

    Examples
    --------
    >>> normalise_language("da-DK"), normalise_language("EN")
    ('da', 'en')
    """
    text = str(value or "").strip().replace("_", "-").lower()
    code = text.split("-", 1)[0]
    if code in languages():
        return code
    msg = f"Unknown language {value!r}; the kit offers: {', '.join(languages())}."
    raise ValueError(msg)


def get_language() -> str:
    """The current language: the innermost :func:`use_language`, else :func:`set_language`,
    else ``$COCREATE_LANGUAGE``, else English."""
    lang = _current.get() or _process_default[0]
    if lang:
        return lang
    env = os.environ.get(ENV_VARIABLE)
    if env:
        try:
            return normalise_language(env)
        except ValueError:
            return DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def set_language(language: str | None) -> str:
    """Set the language of this process (a notebook's kernel); ``None`` restores the default.

    Apps capture the language when they are built and render their widget callbacks in it.

    Returns the language now in force.

    Examples
    --------
    >>> set_language("da")
    'da'
    >>> set_language(None)
    'en'
    """
    _process_default[0] = normalise_language(language) if language else None
    return get_language()


@contextlib.contextmanager
def use_language(language: str | None) -> Iterator[str]:
    """Use ``language`` inside a ``with`` block (``None``: keep the current one).

    Examples
    --------
    >>> with use_language("da"):
    ...     get_language()
    'da'
    >>> get_language()
    'en'
    """
    if not language:
        yield get_language()
        return
    token = _current.set(normalise_language(language))
    try:
        yield get_language()
    finally:
        _current.reset(token)


@cache
def _translations(language: str) -> _gettext.NullTranslations:
    return _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True)


def _(message: str) -> str:
    """``message`` translated into the current language (itself when there is no translation).

    Examples
    --------
    >>> with use_language("da"):
    ...     _("Language")
    'Sprog'
    """
    if not message:
        return message
    return _translations(get_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the current language."""
    return _translations(get_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` translated in a context, for an English word with two Danish ones."""
    return _translations(get_language()).pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it (translate where it is shown)."""
    return message


#: Label of the language switch (shown in every offered language: "Language / Sprog").
SWITCH_LABEL = N_("Language")


class LazyString:
    """A message translated each time it becomes text (``str()``, ``format()``, ``+``).

    Examples
    --------
    >>> label = lazy("Language")
    >>> with use_language("da"):
    ...     str(label)
    'Sprog'
    >>> str(label)
    'Language'
    """

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message

    def __str__(self) -> str:
        return _(self.message)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"lazy({self.message!r})"

    def __add__(self, other: Any) -> str:
        return str(self) + str(other)

    def __radd__(self, other: Any) -> str:
        return str(other) + str(self)

    def __len__(self) -> int:
        return len(str(self))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyString):
            return self.message == other.message
        return str(self) == other

    def __hash__(self) -> int:
        return hash(self.message)


def lazy(message: str) -> LazyString:
    """A :class:`LazyString`: ``message`` translated when shown, not now."""
    return LazyString(message)


# ---- numbers and dates --------------------------------------------------------------------


def _locale(language: str | None = None) -> str:
    lang = normalise_language(language) if language else get_language()
    return LOCALES.get(lang, lang)


def _missing(value: Any) -> bool:
    try:
        return value is None or (isinstance(value, float) and math.isnan(value)) or value != value
    except (TypeError, ValueError):
        return False


def fmt_number(value: Any, digits: int = 1, *, group: bool = True) -> str:
    """``value`` with at most ``digits`` decimals in the current locale ("1.234,5" in Danish).

    Missing values give an en dash. Trailing zeros are dropped ("2" not "2,0").

    Examples
    --------
    >>> fmt_number(1234.56), fmt_number(float("nan"))
    ('1,234.6', '–')
    >>> with use_language("da"):
    ...     fmt_number(1234.56)
    '1.234,6'
    """
    if _missing(value):
        return "–"
    from babel.numbers import format_decimal

    pattern = ("#,##0" if group else "0") + ("." + "#" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=_locale())


def fmt_int(value: Any) -> str:
    """A whole number with the locale's thousands separator ("12.345" in Danish).

    Examples
    --------
    >>> fmt_int(12345)
    '12,345'
    """
    if _missing(value):
        return "–"
    from babel.numbers import format_decimal

    return format_decimal(round(float(value)), format="#,##0", locale=_locale())


def fmt_percent(value: Any, digits: int = 0) -> str:
    """A share (0.245) as a percentage in the current locale: "25%" / "24,5 %".

    Examples
    --------
    >>> fmt_percent(0.245, 1)
    '24.5%'
    >>> with use_language("da"):
    ...     fmt_percent(0.245, 1)
    '24,5\\xa0%'
    """
    if _missing(value):
        return "–"
    from babel import Locale
    from babel.numbers import format_percent

    # The locale's own percent pattern keeps its spacing and sign position ("24,5 %" in
    # Danish, "24.5%" in English); only the number of decimals is changed.
    std = Locale.parse(_locale()).percent_formats[None].pattern
    pattern = std.replace("#,##0", "#,##0" + ("." + "0" * digits if digits > 0 else ""), 1)
    return format_percent(value, format=pattern, locale=_locale())


def _as_date(value: Any) -> _dt.date:
    """A date from a ``date``, ``datetime``, pandas ``Timestamp`` or ISO text
    (``"2026-11-29"``, ``"2026-11-29T10:00"``, or a month ``"2026-11"``)."""
    if isinstance(value, str):
        value = _dt.date.fromisoformat(value + "-01" if len(value) == 7 else value[:10])
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, _dt.datetime):
        value = value.date()
    return value


def fmt_date(value: Any, format: str = "short") -> str:
    """A date in the current locale: ``short`` "29.11.2026" (da) / "29/11/2026" (en_GB),
    ``medium`` "29. nov. 2026" / "29 Nov 2026", ``long``.

    Examples
    --------
    >>> import datetime
    >>> with use_language("da"):
    ...     fmt_date(datetime.date(2026, 11, 29))
    '29.11.2026'
    """
    if _missing(value):
        return "–"
    from babel.dates import format_date

    return format_date(_as_date(value), format=format, locale=_locale())


def fmt_month(value: Any) -> str:
    """A month and year in the current locale: "november 2026" (da), "November 2026" (en).

    Examples
    --------
    >>> import datetime
    >>> with use_language("da"):
    ...     fmt_month(datetime.date(2026, 11, 1))
    'november 2026'
    """
    if _missing(value):
        return "–"
    from babel.dates import format_date

    return format_date(_as_date(value), format="LLLL y", locale=_locale())


def vega_format_locale(language: str | None = None) -> str:
    """The d3 number/time locale name for vl-convert (``format_locale`` / ``time_format_locale``).

    vl-convert ships d3's locales, so charts render with Danish decimal commas and month
    names offline.

    Examples
    --------
    >>> vega_format_locale("da"), vega_format_locale("en")
    ('da-DK', 'en-GB')
    """
    return _locale(language).replace("_", "-")
