"""The chart theme and renderer: accessible, colour-blind safe, offline, large data."""

import re

import altair as alt
import numpy as np
import pandas as pd
import pytest

from cocreate_kit import charts


def _fig(df, **kw):
    chart = alt.Chart(df).mark_bar().encode(x="g:N", y="count():Q")
    return charts.figure(
        chart,
        title="Visits per group",
        description="A has most.",
        table=df.groupby("g").size().reset_index(name="n"),
        **kw,
    )


def test_palette_contrast_meets_wcag_non_text_and_text():
    # WCAG 1.4.11: graphics need 3:1; the first four categorical colours are used for marks.
    ratios = [charts.contrast_ratio(c) for c in charts.PALETTE[:4]]
    assert min(ratios) >= 3.0, ratios
    assert charts.contrast_ratio(charts.TEXT) >= 4.5
    assert charts.contrast_ratio(charts.MUTED_TEXT) >= 4.5


def test_contrast_ratio_matches_published_values():
    # WebAIM: #767676 on white is 4.54:1 (the lightest grey passing AA); #777777 is 4.48:1.
    assert charts.contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)
    assert charts.contrast_ratio("#777777") == pytest.approx(4.48, abs=0.01)


def test_palette_is_distinguishable_under_simulated_colour_blindness():
    # Machado et al. (2009) deuteranopia/protanopia matrices, severity 1.0.
    mats = {
        "protan": np.array(
            [
                [0.152286, 1.052583, -0.204868],
                [0.114503, 0.786281, 0.099216],
                [-0.003882, -0.048116, 1.051998],
            ]
        ),
        "deutan": np.array(
            [
                [0.367322, 0.860646, -0.227968],
                [0.280085, 0.672501, 0.047413],
                [-0.011820, 0.042940, 0.968881],
            ]
        ),
    }
    rgb = np.array([[int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)] for c in charts.PALETTE[:4]])
    for mat in mats.values():
        sim = np.clip(rgb @ mat.T, 0, 1)
        d = np.sqrt(((sim[:, None, :] - sim[None, :, :]) ** 2).sum(-1))
        off = d[~np.eye(len(sim), dtype=bool)]
        assert off.min() > 0.12


def test_figure_html_is_accessible_and_offline():
    df = pd.DataFrame({"g": list("aab")})
    html = _fig(df).to_html()
    assert re.search(
        r'<svg role="img" aria-labelledby="(ck\w+)-title" aria-describedby="\1-desc"', html
    )
    assert "<figcaption>" in html and "Visits per group" in html and "A has most." in html
    assert (
        '<details><summary>Show the data as a table<span class="ck-visually-hidden">: '
        "Visits per group</span></summary>" in html
    )
    assert '<th scope="col">g</th>' in html
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert "https://" not in html and "<script" not in html


def test_figure_spec_is_the_chart_as_drawn():
    """Chart content is checked on the Vega-Lite spec; the SVG is drawn from that spec."""
    import json

    df = pd.DataFrame({"g": ["a", "a", "b"], "v": [1.0, 2.0, 3.0]})
    chart = alt.Chart(df).mark_bar().encode(x=alt.X("g:N", title="Letter"), y="sum(v):Q")
    fig = charts.figure(chart, title="T" * 500, description="Sums.", table=df)
    spec = fig.spec()
    assert spec["title"] == "T" * 119 + "…"  # clipped before drawing
    assert spec["description"] == "Sums."
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"] == {"field": "g", "title": "Letter", "type": "nominal"}
    assert spec["encoding"]["y"]["aggregate"] == "sum"
    assert next(iter(spec["datasets"].values())) == df.to_dict(orient="records")
    assert spec["config"]["range"]["category"] == charts.PALETTE
    assert json.loads(json.dumps(spec, allow_nan=False)) == spec  # plain JSON
    drawn = charts._svg_cached(json.dumps(spec, sort_keys=True, default=str), False)
    assert drawn == fig.to_svg()


def test_figure_requires_title_and_description():
    with pytest.raises(ValueError, match="title and a description"):
        charts.figure(
            alt.Chart(pd.DataFrame({"a": [1]})).mark_point(),
            title="",
            description="x",
            table=pd.DataFrame(),
        )


def test_svg_ids_are_unique_per_figure():
    a = _fig(pd.DataFrame({"g": list("aab")})).to_html()
    b = _fig(pd.DataFrame({"g": list("abb")})).to_html()
    ids_a = set(re.findall(r'id="([^"]+)"', a))
    ids_b = set(re.findall(r'id="([^"]+)"', b))
    assert ids_a and not (ids_a & ids_b)


def test_theme_is_applied_in_the_spec():
    spec = charts._vega_lite_spec(alt.Chart(pd.DataFrame({"a": [1]})).mark_point())
    assert spec["config"]["range"]["category"] == charts.PALETTE
    assert spec["config"]["axis"]["labelFontSize"] >= 12


def test_large_data_is_aggregated_with_vegafusion():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"g": rng.choice(list("abc"), 50_000)})
    html = _fig(df).to_html()
    # Only the three aggregated bars reach the page, not 50,000 rows.
    assert len(html) < 60_000
    assert html.count("aria-labelledby=") == 2  # figure + svg


def test_save_formats(tmp_path):
    fig = _fig(pd.DataFrame({"g": list("aab")}))
    assert fig.save(tmp_path / "c.svg").read_text().startswith("<svg")
    assert fig.save(tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"
    page = fig.save(tmp_path / "c.html").read_text()
    assert '<html lang="en">' in page and "<svg" in page
    with pytest.raises(ValueError, match="one of '.svg', '.png', '.html'"):
        fig.save(tmp_path / "c.pdf")


def test_enable_registers_offline_renderer():
    charts.enable()
    try:
        bundle = (
            alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(x="a:Q")._repr_mimebundle_()
        )
        html = bundle[0]["text/html"] if isinstance(bundle, tuple) else bundle["text/html"]
        assert html.startswith('<svg role="img"') and "cdn" not in html
    finally:
        alt.renderers.enable("default")
