"""Charts with long labels fit their SVG in Chromium at 1280 and 390 px (issue 14)."""

import altair as alt
import browser_helpers as bh
import pandas as pd
import pytest
from test_chart_fit import DANISH, GROUPS, journey_steps, sus_bands

from cocreate_kit import charts
from cocreate_kit.i18n import use_language
from cocreate_kit.report import page as report_page

pytestmark = pytest.mark.browser

ELLIPSIS_TEXTS_JS = """() => Array.from(document.querySelectorAll('svg text'))
    .map(t => t.textContent.trim()).filter(t => t.endsWith('\\u2026'))"""


def long_label_figures() -> list[charts.Figure]:
    steps = journey_steps()
    curve = pd.DataFrame(
        {
            "step": steps * 2,
            "mean": [((i * 7) % 9 - 4) / 2 for i in range(2 * len(steps))],
            "persona": [DANISH[0]] * len(steps) + [DANISH[1]] * len(steps),
            "n": [12, 9] * len(steps),
        }
    )
    base = alt.Chart(curve).encode(
        x=alt.X("step:N", sort=steps, title="Step", axis=alt.Axis(labelAngle=-40, labelLimit=160)),
        y=alt.Y("mean:Q", title="Emotion (-2 to +2)"),
        color=alt.Color("persona:N", title="Persona"),
    )
    emotion = (
        base.mark_line()
        + base.mark_point(filled=True).encode(size=alt.Size("n:Q", title="Participants (n)"))
    ).properties(width=360, height=260)
    groups = pd.DataFrame(
        {
            "group": GROUPS * 2,
            "share": [0.2, 0.5, 0.3, 0.2, 0.25, 0.45, 0.3, 0.2],
            "answer": ["Promoters (9-10)"] * 4 + ["Detractors (0-6)"] * 4,
        }
    )
    stacked = (
        alt.Chart(groups)
        .mark_bar()
        .encode(y=alt.Y("group:N", title=None), x="share:Q", color=alt.Color("answer:N"))
    )
    few = pd.DataFrame({"who": DANISH, "n": [412, 96, 14]})
    vertical = alt.Chart(few).mark_bar().encode(x=alt.X("who:N", title=None), y="n:Q")
    sus = charts.estimate_on_scale(
        62.9,
        57.1,
        68.7,
        domain=(0, 100),
        bands=sus_bands(),
        label="Mean SUS score",
        scale_title="SUS score (0-100)",
        title="Mean SUS score",
        description="62.9: grade D.",
        reference=(68.0, "Benchmark 68"),
    )
    return [
        charts.figure(
            emotion, title="Emotion per step", description="Lowest at step 8.", table=curve
        ),
        charts.figure(stacked, title="Answers by group", description="Most promote.", table=groups),
        charts.figure(vertical, title="Respondents", description="Most are older.", table=few),
        sus,
    ]


@pytest.mark.parametrize("language", ["en", "da"])
def test_long_labels_stay_inside_their_svg_at_desktop_and_phone_width(page, tmp_path, language):
    with use_language(language):
        body = "".join(fig.to_html() for fig in long_label_figures())
        html = report_page("Long labels", body)
    path = tmp_path / f"charts_{language}.html"
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())
    for width in bh.WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(300)
        assert bh.svg_text_outside(page) == [], width
        assert page.evaluate(ELLIPSIS_TEXTS_JS) == [], width  # nothing cut either
        assert bh.page_scrolls_sideways(page) == 0, width
        assert bh.repeated_sentences(page) == [], width
        sizes = page.eval_on_selector_all(
            ".ck-chart svg",
            "els => els.map(s => s.getBoundingClientRect().width / s.viewBox.baseVal.width)",
        )
        assert min(sizes) >= charts.MIN_SCALE - 0.01, (width, sizes)  # text stays readable
    assert bh.axe_violations(page) == []
