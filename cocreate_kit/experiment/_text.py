"""Words and numbers of the prototype-test pillar in the current language (issue 13).

Results keep numbers and English identifiers (``table["verdict"]`` is ``"better"``, the
documented API); the sentences, verdict words and numbers people read are produced here when
a result is shown, in the language current at that moment (:mod:`cocreate_kit.i18n`).

Numbers keep the fixed number of decimals the English text always had ("95.0 s", "+3.1
points", "p = 0.0123"), with the locale's decimal sign: Danish gets "95,0 s", "+3,1 point",
"p = 0,0123" and "24 %" (:func:`~cocreate_kit.i18n.fmt_percent`).
"""

from __future__ import annotations

import pandas as pd

from ..i18n import LOCALES, N_, _, fmt_int, fmt_percent, get_language, pgettext
from ._verdict import BETTER, EQUIVALENT, UNCLEAR, WORSE

__all__ = [
    "COLUMN_LABELS",
    "count",
    "display_table",
    "fixed",
    "kind_text",
    "method_text",
    "pct",
    "sig",
    "verdict_text",
]

pct = fmt_percent
count = fmt_int


def _decimal_sign() -> str:
    from babel.numbers import get_decimal_symbol

    lang = get_language()
    return get_decimal_symbol(LOCALES.get(lang, lang))


def _localise(text: str) -> str:
    sign = _decimal_sign()
    return text if sign == "." else text.replace(".", sign)


def fixed(value: float, digits: int = 1, *, sign: bool = False) -> str:
    """``value`` with exactly ``digits`` decimals (and a ``+`` for positives with ``sign``).

    Examples
    --------
    >>> from cocreate_kit.i18n import use_language
    >>> fixed(95.04), fixed(3.14159, 2, sign=True)
    ('95.0', '+3.14')
    >>> with use_language("da"):
    ...     fixed(95.04), fixed(-0.5, 1, sign=True)
    ('95,0', '-0,5')
    """
    spec = f"{'+' if sign else ''}.{digits}f"
    return _localise(format(value, spec))


def sig(value: float, digits: int = 3) -> str:
    """``value`` to ``digits`` significant digits (Python's ``g``): p-values, margins.

    Examples
    --------
    >>> from cocreate_kit.i18n import use_language
    >>> sig(0.012345), sig(2.5e-05, 2)
    ('0.0123', '2.5e-05')
    >>> with use_language("da"):
    ...     sig(0.012345)
    '0,0123'
    """
    return _localise(format(value, f".{digits}g"))


def verdict_text(verdict: str) -> str:
    """A verdict (one of :data:`~._verdict.VERDICTS`) in the current language.

    Examples
    --------
    >>> from cocreate_kit.i18n import use_language
    >>> with use_language("da"):
    ...     verdict_text("not enough evidence yet"), verdict_text("equivalent within the margin")
    ('ikke nok evidens endnu', 'ækvivalent inden for marginen')
    """
    texts = {
        # Translators: verdict: the variant is better than control.
        BETTER: pgettext("verdict", "better"),
        # Translators: verdict: the variant is worse than control.
        WORSE: pgettext("verdict", "worse"),
        # Translators: verdict (TOST): the difference lies within the declared margin.
        EQUIVALENT: pgettext("verdict", "equivalent within the margin"),
        # Translators: verdict: the interval is too wide to decide; NOT "no difference".
        UNCLEAR: pgettext("verdict", "not enough evidence yet"),
    }
    return texts.get(verdict, verdict)


#: The parts of method names (``Comparison.table["method"]`` joins them with "; ") and the
#: notes of :mod:`._methods`, marked here so that :mod:`._methods` stays free of text
#: handling; :func:`method_text` translates each part when shown.
METHOD_PARTS = (
    N_("N-1 two-proportion test"),
    N_("Newcombe interval"),
    N_("Newcombe hybrid score interval"),
    N_("Fisher exact test (two-sided)"),
    N_("McNemar exact test"),
    N_("Agresti-Min interval"),
    N_("Welch t test"),
    N_("paired t test"),
    N_("Brunner-Munzel test"),
    N_("Mann-Whitney U test"),
    N_("Wilcoxon signed-rank test"),
    N_("Wilcoxon signed-rank test (exact)"),
    N_("Wilcoxon signed-rank test (exact, tied differences)"),
    N_("Wilcoxon signed-rank test (normal approximation)"),
    N_("ratio of mean counts (delta method)"),
    N_("Poisson rate ratio (Wald)"),
    N_("Poisson exact conditional test"),
    N_("negative binomial rate ratio (Wald)"),
    N_("quasi-Poisson rate ratio (t)"),
    N_("exact sign test"),
    N_("Tango score interval"),
    N_(
        "not computable: the data has no spread (every value is the same within each arm, or "
        "every paired difference is the same; rounded values?)"
    ),
)


def method_text(method: str) -> str:
    """A method name (parts joined by "; ") in the current language.

    Examples
    --------
    >>> from cocreate_kit.i18n import use_language
    >>> with use_language("da"):
    ...     method_text("Welch t test; Newcombe interval")
    'Welchs t-test; Newcombe-interval'
    """
    return "; ".join(_(part) for part in str(method).split("; "))


def kind_text(kind: str) -> str:
    """A metric kind's name (``"binary"``, ``"time"`` ...) in the current language."""
    texts = {
        "binary": pgettext("metric kind", "binary"),
        "time": pgettext("metric kind", "time"),
        "continuous": pgettext("metric kind", "continuous"),
        "likert": pgettext("metric kind", "likert"),
        "count": pgettext("metric kind", "count"),
        "sus": pgettext("metric kind", "sus"),
    }
    return texts.get(kind, kind)


_ROLE = {"primary": N_("primary"), "secondary": N_("secondary"), "guardrail": N_("guardrail")}


def role_text(role: str) -> str:
    """A metric's role in the plan (``"primary"``, ``"secondary"``, ``"guardrail"``) in the
    current language.

    Examples
    --------
    >>> from cocreate_kit.i18n import use_language
    >>> with use_language("da"):
    ...     role_text("primary") == _("primary")
    True
    """
    return _(_ROLE[role]) if role in _ROLE else role


#: Headers of the result tables shown to people (the DataFrames keep their English names).
COLUMN_LABELS = {
    "metric": N_("metric"),
    "kind": N_("kind of metric"),
    "role": N_("role"),
    "variant": N_("variant"),
    "n": N_("participants"),
    "estimate": N_("estimate"),
    "ci_low": N_("interval from"),
    "ci_high": N_("interval to"),
    "effect": N_("effect"),
    "effect_ci_low": N_("effect interval from"),
    "effect_ci_high": N_("effect interval to"),
    "effect_label": N_("effect measured as"),
    "p_value": N_("p-value"),
    "p_adjusted": N_("p-value (Holm's method)"),
    "p_note": N_("note on the p-value"),
    "prob_better": N_("probability of being better"),
    "method": N_("method"),
    "verdict": N_("verdict"),
    "response": N_("response"),
    "participants": N_("participants"),
    "share": N_("share"),
    "seconds_from": N_("seconds from"),
    "seconds_to": N_("seconds to"),
    "participants_per_variant": N_("participants per variant"),
    "power": N_("statistical power"),
}

#: The roles of a metric in a report, for display.
ROLE_LABELS = {"primary": N_("primary"), "secondary": N_("secondary"), "guardrail": N_("guardrail")}


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of a result table for people: headers and verdicts, labels, methods and roles
    in the current language (numbers unchanged).

    Examples
    --------
    >>> import pandas as pd
    >>> from cocreate_kit.i18n import use_language
    >>> with use_language("da"):
    ...     list(display_table(pd.DataFrame({"variant": ["B"], "verdict": ["better"]})).iloc[0])
    ['B', 'bedre']
    """
    out = table.copy()
    if "verdict" in out:
        out["verdict"] = out["verdict"].map(verdict_text)
    if "method" in out:
        out["method"] = out["method"].map(method_text)
    if "kind" in out:
        out["kind"] = out["kind"].map(kind_text)
    for col in ("effect_label", "p_note"):
        if col in out:
            out[col] = out[col].map(lambda x: _(x) if isinstance(x, str) else x)
    if "role" in out:
        out["role"] = out["role"].map(lambda x: _(ROLE_LABELS.get(x, x)))
    return out.rename(columns={c: _(COLUMN_LABELS[c]) for c in out.columns if c in COLUMN_LABELS})
