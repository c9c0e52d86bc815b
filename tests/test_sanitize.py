"""Fast checks of the escaping helpers, the allow-list sanitiser and the page shell."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from cocreate_kit._html import (
    BIDI_CONTROLS,
    MAX_LABEL,
    MAX_TEXT,
    clip,
    esc,
    html_table,
    md_escape,
    sanitize_html,
)
from cocreate_kit.export import notebook_to_html
from cocreate_kit.report import CSP, heading, page, safe_lang

EVIL = "http://evil.example"


@pytest.mark.parametrize(
    "fragment",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=http://evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<img src=x OnError=alert(1)>",
        f'<img src="{EVIL}/a.png">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href=" java\tscript:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        "<svg onload=alert(1)><circle r=1 /></svg>",
        '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
        f'<svg><image href="{EVIL}/x.png"/></svg>',
        f'<svg><use href="{EVIL}/s.svg#x"/></svg>',
        '<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>',
        "<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>",
        f'<svg><rect fill="url({EVIL}/x#p)"/></svg>',
        f"<p style=\"background:url('{EVIL}/x.png')\">x</p>",
        '<p style="background:u\\72l(http://evil.example/x.png)">x</p>',
        '<div style="position:fixed;top:0;left:0;width:100%">cover</div>',
        f"<style>@import url({EVIL}/x.css);</style>",
        f'<iframe src="{EVIL}"></iframe>',
        f'<object data="{EVIL}/x.swf"></object>',
        f'<embed src="{EVIL}/x.swf">',
        f'<link rel=stylesheet href="{EVIL}/x.css">',
        f'<meta http-equiv="refresh" content="0;url={EVIL}">',
        f'<base href="{EVIL}/">',
        f'<form action="{EVIL}"><input name=x><button>go</button></form>',
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<!--<img src=x onerror=alert(1)>-->",
        "<![CDATA[<img src=x onerror=alert(1)>]]>",
        '<details open ontoggle="alert(1)"><summary>s</summary></details>',
        "<p title='x\" onmouseover=\"alert(1)'>t</p>",
    ],
)
def test_sanitizer_removes_active_content(fragment: str) -> None:
    out = sanitize_html(fragment)
    low = out.lower()
    assert "<script" not in low and "<iframe" not in low and "<object" not in low
    assert "<embed" not in low and "<link" not in low and "<meta" not in low
    assert "<base" not in low and "<form" not in low and "<input" not in low
    assert "<style" not in low and "<animate" not in low and "foreignobject" not in low
    assert not re.search(r'\son[a-z]+="', low), out  # escaped text inside a value is fine
    assert "javascript:" not in low.replace("&", "") or "href" not in low, out
    for attr in re.findall(r'(?:href|src)="([^"]*)"', out):
        assert attr.startswith(("#", "data:image/")), out
    assert "evil.example" not in "".join(re.findall(r'(?:href|src|style|fill)="[^"]*"', out))
    assert "position" not in low
    # Whatever is left is balanced: re-sanitising changes nothing.
    assert sanitize_html(out) == out


def test_sanitizer_keeps_the_kits_own_output() -> None:
    from cocreate_kit.datasets import dataset_path
    from cocreate_kit.journey import blueprint_chart, load

    fig = blueprint_chart(load(dataset_path("journey/home_care_as_is.json"))).to_html()
    out = sanitize_html(fig)

    def tags(h: str) -> list[str]:
        return re.findall(r"<([a-zA-Z][\w:-]*)", h)

    assert tags(out) == tags(fig)  # every element of the figure survives, in order
    assert 'role="img"' in out and "aria-labelledby=" in out and "<details>" in out
    assert "viewBox=" in out and '<th scope="col">' in out
    # the chart's sizing (issue 14: natural width, shrinks to 75%, then scrolls) survives
    assert re.search(r'style="width:100%;max-width:\d+px;min-width:\d+px;height:auto"', out)


def test_sanitizer_links_images_and_balance() -> None:
    out = sanitize_html('<a href="https://borger.dk/x">Borger.dk</a> <a href="#top">up</a>')
    assert out == '<a>Borger.dk</a> (https://borger.dk/x) <a href="#top">up</a>'
    png = "data:image/png;base64,iVBORw0KGgo="
    assert sanitize_html(f'<img src="{png}" alt="A chart">') == f'<img src="{png}" alt="A chart">'
    assert sanitize_html(f'<img src="{EVIL}/t.png" alt="tracker">') == "tracker"
    assert sanitize_html("<div><p>open") == "<div><p>open</p></div>"
    assert sanitize_html("</div></main>text") == "text"
    assert sanitize_html("a < b & c") == "a &lt; b &amp; c"
    assert sanitize_html('<p dir="rtl" lang="da">\u202eabc</p>') == '<p lang="da">abc</p>'


def test_esc_clip_and_bidi() -> None:
    assert esc("<b>\u202eX</b>") == "&lt;b&gt;X&lt;/b&gt;"
    assert all(c not in esc(BIDI_CONTROLS + "ok") for c in BIDI_CONTROLS)
    long = "x" * 200_000
    assert len(clip(long, MAX_LABEL)) == MAX_LABEL and clip(long).endswith("…")
    assert len(clip(long)) == MAX_TEXT
    assert clip("fits", 4) == "fits"


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("[x](javascript:alert(1))", "<a"),
        ("![t](http://evil.example/x.png)", "<img"),
        ("<img src=x onerror=alert(1)>", "<img"),
        ("# heading\n\n* list", "<h1"),
        ("http://evil.example/auto", "<a"),
        ("www.evil.example", "<a"),
        ("$\\href{javascript:alert(1)}{x}$", "<a"),
    ],
)
def test_md_escape_makes_markdown_literal(text: str, bad: str) -> None:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    escaped = md_escape(text)
    assert "$" not in escaped.replace("\\$", "")  # no math delimiters left for LaTeX
    rendered = markdown2html_mistune(escaped)
    assert bad not in rendered
    # The reader still sees the original characters.
    visible = re.sub(r"<[^>]+>", "", rendered).replace("&lt;", "<").replace("&gt;", ">")
    visible = visible.replace("&amp;", "&").replace("&quot;", '"')
    assert " ".join(text.split()) in visible.replace("\\", "") or text.startswith("$")


def test_safe_lang() -> None:
    assert [safe_lang(v) for v in ("da", "da-DK", "en-GB", "zh-Hant-TW", "sr-Latn")] == [
        "da",
        "da-DK",
        "en-GB",
        "zh-Hant-TW",
        "sr-Latn",
    ]
    for bad in ('en" onload="x', "en><script>", "", None, 42, "e", "x" * 40, "da_DK"):
        assert safe_lang(bad) == "en"


def test_page_shell_escapes_and_carries_csp() -> None:
    html = page(
        "<script>t</script>\u202e" + "T" * 500, "<p>body</p>", lang='da"><x', subtitle="<b>"
    )
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in html
    assert "default-src 'none'" in CSP and "img-src data:" in CSP and "script" not in CSP
    assert '<html lang="en">' in html and "<script>t" not in html and "\u202e" not in html
    assert "&lt;b&gt;" in html and "T" * (MAX_LABEL + 1) not in html


def test_heading_helper() -> None:
    h = heading("<img src=x onerror=alert(1)>", "[x](javascript:y)", None, level=9)
    assert h._repr_html_() == (
        "<h6>&lt;img src=x onerror=alert(1)&gt;</h6><p>[x](javascript:y)</p>"
    )
    assert "<img" in str(h)  # plain text repr for consoles, not HTML


def test_html_table_clips_and_escapes() -> None:
    df = pd.DataFrame({"<b>col</b>" + "c" * 300: ["<script>x</script>" + "v" * 5000]})
    html = html_table(df, "cap\u202e" + "t" * 300)
    assert "<script>x" not in html and "&lt;script&gt;x" in html
    assert (
        "v" * MAX_TEXT not in html and "c" * MAX_LABEL not in html and "t" * MAX_LABEL not in html
    )
    assert "\u202e" not in html


def test_charts_clip_data_text_before_drawing() -> None:
    import altair as alt

    from cocreate_kit.charts import figure

    df = pd.DataFrame({"step": ["S" * 200_000, "<b>short</b>\u202e"], "n": [1, 2]})
    fig = figure(
        alt.Chart(df).mark_bar().encode(x="n:Q", y="step:N"),
        title="T" * 1000,
        description="D",
        table=df,
    )
    drawn = [row["step"] for row in next(iter(fig.spec()["datasets"].values()))]
    assert drawn == ["S" * (MAX_LABEL - 1) + "…", "<b>short</b>"]  # chart data: 120 characters
    assert len(fig.spec()["title"]) == MAX_LABEL
    html = fig.to_html()
    svg, table = html.split("<details", 1)
    assert "S" * MAX_LABEL not in svg.replace("\n", "")  # and so is the drawn SVG
    assert "S" * MAX_TEXT not in table and "S" * (MAX_TEXT - 1) in table  # cells: 2,000
    assert "<b>short" not in html and "\u202e" not in html


def test_export_sanitises_outputs_and_markdown() -> None:
    v4 = nbformat.v4
    nb = v4.new_notebook(metadata={"cocreate": {"title": "<i>T</i>", "lang": 'da" x="y'}})
    nb.cells = [
        v4.new_markdown_cell(
            f"# Hi <img src=x onerror=alert(1)> [a](javascript:b) ![t]({EVIL}/m.png)"
        ),
        v4.new_code_cell(
            "x",
            outputs=[
                v4.new_output(
                    "display_data",
                    data={"text/html": f"<p>ok</p><script>alert(1)</script><img src={EVIL}/h.png>"},
                ),
                v4.new_output(
                    "display_data", data={"text/markdown": "**md** <svg onload=alert(1)>"}
                ),
                v4.new_output("display_data", data={"image/png": 'AAAA" onerror="alert(1)'}),
            ],
        ),
    ]
    html = notebook_to_html(nb)
    body = html.split("</head>", 1)[1]
    assert "<script" not in body and "onerror=" not in body and "onload=" not in body
    assert EVIL not in body and "javascript:" not in body
    assert "<p>ok</p>" in body and "<strong>md</strong>" in body and "<h1" in body
    assert '<html lang="en">' in html and "<title>&lt;i&gt;T&lt;/i&gt;</title>" in html


def test_result_summaries_lose_bidi_controls() -> None:
    from cocreate_kit.experiment import compare_counts

    rlo = "letter\u202etxt.exe"
    result = compare_counts({rlo: 40, "B": 55}, {rlo: 100, "B": 100}, control=rlo)
    assert "lettertxt.exe" in result.summary() and "\u202e" not in result.summary()
    assert "\u202e" not in repr(result) and "\u202e" not in result.to_html()
