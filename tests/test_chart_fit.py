"""Charts sized to their content (issue 14): wrapped labels, lifted limits, grown steps,
tooltips for cut text, the description for screen readers only, estimate-on-scale."""

import json
import re

import altair as alt
import pandas as pd
import pytest

from cocreate_kit import charts
from cocreate_kit._chart_fit import CHAR_PX, LINE_PX, MAX_X_PX, PADDING, SAFETY, WRAP_CHARS
from cocreate_kit.datasets import dataset_path

GROUPS = ["All respondents (n=600)", "Promoters (9-10)", "Passives (7-8)", "Detractors (0-6)"]
DANISH = [
    "Borgere over 65 år i hjemmeplejen (n=412)",
    "Pårørende, der søger om hjælp på borgerens vegne",
    "Sagsbehandlere i Visitationen",
]


def journey_steps() -> list[str]:
    """The journey sample's step names, numbered as the journey charts number them."""
    data = json.loads(dataset_path("journey/home_care_as_is.json").read_text(encoding="utf-8"))
    return [f"{i}. {s['title']}" for i, s in enumerate(data["steps"], start=1)]


def bars(labels, channel="y", **axis):
    df = pd.DataFrame({"g": labels, "v": range(1, len(labels) + 1)})
    enc = {channel: alt.X("g:N", axis=alt.Axis(**axis)) if channel == "x" else alt.Y("g:N")}
    other = "x" if channel == "y" else "y"
    chart = alt.Chart(df).mark_bar().encode(**enc, **{other: "v:Q"})
    return charts.figure(chart, title="Groups", description="Four groups.", table=df)


def test_short_labels_are_left_alone():
    spec = bars(["A", "B"]).spec()
    assert "axis" not in spec["encoding"]["y"] and "height" not in spec
    assert spec["config"]["axis"]["labelLimit"] == 0  # the theme never cuts labels


def test_long_y_labels_wrap_and_each_band_grows_with_its_lines():
    labels = [*GROUPS, *DANISH]
    spec = bars(labels).spec()
    axis = spec["encoding"]["y"]["axis"]
    longest = max(labels, key=len)  # 49 characters: two lines of at most 28
    assert longest in axis["labelExpr"] and "indexof(" in axis["labelExpr"]
    assert "All respondents (n=600)" not in axis["labelExpr"]  # 23 characters: one line
    assert spec["height"] == {"step": 2 * LINE_PX + 6}
    # the margin for a wider fallback font grows with the longest line
    assert spec["padding"]["left"] == PADDING + round(SAFETY * WRAP_CHARS * CHAR_PX)


def test_explicit_height_and_label_limit_of_a_chart_are_raised():
    df = pd.DataFrame({"g": DANISH, "v": [1, 2, 3]})
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(y=alt.Y("g:N", axis=alt.Axis(labelLimit=160)), x="v:Q")
        .properties(height=40)
    )
    spec = charts.figure(chart, title="T", description="D.", table=df).spec()
    assert spec["encoding"]["y"]["axis"]["labelLimit"] == 0
    assert spec["height"] == 3 * (2 * LINE_PX + 6)


def test_few_long_x_labels_wrap_horizontally_and_widen_the_chart():
    spec = bars(GROUPS[:3], channel="x").spec()
    axis = spec["encoding"]["x"]["axis"]
    assert axis["labelAngle"] == 0 and "All respondents" in axis["labelExpr"]
    assert spec["width"] == {"step": round(16 * CHAR_PX + 10)}


def test_many_steps_are_angled_instead_of_wider_than_the_page():
    steps = journey_steps()
    assert len(steps) * 16 * CHAR_PX > MAX_X_PX
    spec = bars(steps, channel="x").spec()
    axis = spec["encoding"]["x"]["axis"]
    assert axis["labelAngle"] == -40
    assert "12. First home-care visit" not in axis["labelExpr"]  # fits one 28-char line
    assert "11. Agree a start date with the provider" in axis["labelExpr"]
    fewer = bars(steps[:4], channel="x").spec()
    assert fewer["encoding"]["x"]["axis"]["labelAngle"] == 0


def test_legend_labels_wrap_in_layers():
    df = pd.DataFrame({"step": ["a", "b", "a"], "v": [1, 2, 3], "who": DANISH})
    base = alt.Chart(df).encode(x="step:N", y="v:Q", color=alt.Color("who:N", title="Persona"))
    spec = charts.figure(
        base.mark_line() + base.mark_point(), title="T", description="D.", table=df
    ).spec()
    legends = [layer["encoding"]["color"].get("legend", {}) for layer in spec["layer"]]
    assert all(DANISH[1] in leg["labelExpr"] for leg in legends)


def test_wrapped_labels_are_drawn_whole_and_quotes_stay_text():
    hostile = 'Quote " and \\ and ]; a "toString" label that wraps'
    svg = bars([*DANISH, hostile]).to_svg()
    assert "…" not in svg
    texts = " ".join(re.sub(r"<[^>]+>", " ", svg).split())
    assert "Pårørende, der søger om hjælp på borgerens vegne" in texts
    assert "]; a" in texts and '"toString"' in texts.replace("&quot;", '"')


def test_labels_under_max_label_are_never_cut_and_longer_ones_get_a_tooltip():
    just_under = "Word " * 23 + "end"  # 118 characters
    too_long = "Hostile " * 40 + "tail"
    assert len(just_under) < charts.MAX_LABEL < len(too_long)
    fig = bars([just_under, too_long])
    html = fig.to_html()
    svg = html[html.index("<svg") : html.index("</svg>")]
    drawn = " ".join(re.sub(r"<title>.*?</title>", " ", svg).split())
    assert "Word Word" in drawn and " end" in re.sub(r"<[^>]+>", " ", drawn)
    assert svg.count("…") == 1  # the hostile label is drawn cut; its tooltip is whole
    tooltip = re.search(r"<title>(Hostile [^<]*)</title>", svg)
    assert tooltip and tooltip.group(1) == too_long.strip()
    assert too_long in html[html.index("<table") :]  # and whole in the table alternative


def test_description_is_for_screen_readers_and_the_svg_does_not_repeat_the_title():
    html = bars(GROUPS).to_html()
    uid = re.search(r'aria-describedby="(ck\w+)-desc"', html).group(1)
    assert f'<span class="ck-visually-hidden" id="{uid}-desc">Four groups.</span>' in html
    assert html.count("Four groups.") == 1
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert ">Groups<" not in svg  # the caption shows the title
    assert "Groups" in bars(GROUPS).to_svg()  # a standalone SVG keeps it
    assert re.search(r'style="width:100%;max-width:(\d+)px;min-width:(\d+)px;height:auto"', svg)
    assert 'class="ck-chart" role="region" aria-label="Groups" tabindex="0"' in html


def sus_bands():
    from cocreate_kit._sus import SUS_GRADES

    tops = [100.0] + [low for low, _g in SUS_GRADES]
    out = [charts.Band(lo, hi, g) for (lo, g), hi in zip(SUS_GRADES, tops[:-1], strict=True)]
    return [*out, charts.Band(0.0, SUS_GRADES[-1][0], "F")]


def test_estimate_on_scale_draws_bands_interval_and_reference():
    fig = charts.estimate_on_scale(
        62.9,
        57.1,
        68.7,
        domain=(40, 100),
        bands=sus_bands(),
        label="Mean SUS score",
        scale_title="SUS score",
        title="Mean SUS score",
        description="62.9, grade D.",
        reference=(68.0, "Benchmark 68"),
    )
    spec = fig.spec()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rect", "rule", "text", "rule", "point", "text", "text"]
    data = {name: rows for name, rows in spec["datasets"].items()}
    bands = next(rows for rows in data.values() if rows and "band" in rows[0])
    assert bands[0] == pytest.approx(
        {
            "start": 40.0,
            "end": 51.7,
            "mid": 45.85,
            "band": "F",
            "fill": "#eef1f5",
            "row": 0,
            "shown": True,
        }
    )  # F is clipped to the domain
    assert [b["band"] for b in bands if not b["shown"]] == []  # every grade fits at 640 px
    table = fig.table.to_dict("records")
    assert table[0] == {"Name": "Mean SUS score", "Value": "62.9", "Interval": "57.1–68.7"}
    assert table[1]["Name"] == "Benchmark 68" and len(table) == 2 + 11


def test_estimate_on_scale_hides_band_labels_that_cannot_fit_but_keeps_them_in_the_table():
    fig = charts.estimate_on_scale(
        50,
        40,
        60,
        domain=(0, 100),
        bands=sus_bands(),
        label="Mean",
        scale_title="SUS",
        title="T",
        description="D.",
        width=200,
    )
    bands = next(r for r in fig.spec()["datasets"].values() if r and "band" in r[0])
    hidden = {b["band"] for b in bands if not b["shown"]}
    assert hidden and "F" not in hidden
    assert hidden <= set(fig.table["Name"])


@pytest.mark.parametrize(
    ("estimate", "low", "high", "domain"),
    [(70, 60, 65, (0, 100)), (50, 40, 60, (100, 0))],
)
def test_estimate_on_scale_rejects_an_estimate_outside_its_interval_or_an_empty_scale(
    estimate, low, high, domain
):
    with pytest.raises(ValueError, match="estimate_on_scale needs"):
        charts.estimate_on_scale(
            estimate,
            low,
            high,
            domain=domain,
            bands=[],
            label="M",
            scale_title="S",
            title="T",
            description="D.",
        )
