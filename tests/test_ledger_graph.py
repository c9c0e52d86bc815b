"""The ledger's chain graph (``ledger.chain_graph``): layout, accessibility, safety.

Checked on a hand-made ledger (so every expectation is known): one focusable link per
entity in column order, columns in the order work happens, boxes that never overlap,
arrows pointing downstream, labels wrapped inside their box, the table alternative naming
every stored link, and untrusted text escaped and kept after ``sanitize_html`` (the export).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from cocreate_kit._html import sanitize_html
from cocreate_kit.charts import TEXT, contrast_ratio
from cocreate_kit.ledger._graph import _CHARS, LAYERS, MAX_LINES, NODE_H, NODE_W, chain_graph

LINKS = [
    ("A1", "supports", "P1"),
    ("A2", "supports", "P2"),
    ("I1", "addresses", "P1"),
    ("I2", "addresses", "P2"),
    ("PR1", "addresses", "P1"),
    ("I1", "tested_by", "T1"),
    ("PR1", "tested_by", "T1"),
    ("T1", "decided_by", "D1"),
    ("T1", "decided_by", "D3"),
    ("F1", "decided_by", "D3"),
    ("M1", "supports", "D3"),
    ("D3", "supersedes", "D1"),
    ("F1", "contradicts", "I2"),
]


def _tables(statement: str = "Citizens fill in the same facts twice") -> dict[str, pd.DataFrame]:
    return {
        "project": pd.DataFrame({"id": ["PRJ"], "title": ["Home care"], "service": ["care"]}),
        "participants": pd.DataFrame({"id": ["C01"], "role": ["citizen"], "consent": [True]}),
        "activities": pd.DataFrame(
            {"id": ["A1", "A2"], "kind": ["interview", "workshop"], "title": ["Talks", "WS 1"]}
        ),
        "insights": pd.DataFrame(
            {
                "id": ["P1", "P2"],
                "kind": ["pain_point", "insight"],
                "statement": [statement, "Relatives apply"],
            }
        ),
        "ideas": pd.DataFrame(
            {
                "id": ["I1", "I2", "PR1"],
                "kind": ["idea", "idea", "prototype"],
                "title": ["One form", "Booking", "Form B"],
            }
        ),
        "tests": pd.DataFrame({"id": ["T1"], "title": ["A/B test"], "design": ["randomised"]}),
        "feedback": pd.DataFrame({"id": ["F1"], "title": ["Survey"]}),
        "measures": pd.DataFrame(
            {"id": ["M1"], "bottom_line": ["productivity"], "indicator": ["Minutes per case"]}
        ),
        "decisions": pd.DataFrame(
            {
                "id": ["D1", "D3"],
                "title": ["Adopt form B", "Adopt form B everywhere"],
                "status": ["superseded", "accepted"],
            }
        ),
        "links": pd.DataFrame(LINKS, columns=["source", "relation", "target"]),
    }


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    p = _Tags()
    p.feed(html)
    return p.tags


def test_every_entity_is_one_focusable_link_in_column_order() -> None:
    g = chain_graph(_tables())
    order = ["A1", "A2", "P1", "P2", "I1", "I2", "PR1", "T1", "F1", "M1", "D1", "D3"]
    assert list(g.nodes["id"]) == order  # participants are never drawn
    page = g.to_html()
    anchors = [a for tag, a in _tags(g.to_svg()) if tag == "a"]
    assert len(anchors) == len(order)
    ids = {a["id"] for tag, a in _tags(page) if "id" in a}
    for a in anchors:  # each node links to its entry in the list alternative
        assert a["href"].startswith("#") and a["href"][1:] in ids
        assert a["aria-label"]
    names = [a["aria-label"] for a in anchors]
    assert [n.split(" · ")[0] for n in names] == order
    assert len(ids) == len([a for _t, a in _tags(page) if "id" in a]), "duplicate ids"


def test_columns_follow_the_chain_and_boxes_never_overlap() -> None:
    g = chain_graph(_tables())
    layer_of = dict(zip(g.nodes["id"], g.nodes["layer"], strict=True))
    headings = [LAYERS[layer_of[i]][2] for i in ("A1", "P1", "I1", "PR1", "T1", "F1", "M1", "D1")]
    assert headings == [
        "Activity",
        "Insight / pain point",
        "Idea",
        "Prototype",
        "Test",
        "Feedback",
        "Measure",
        "Decision",
    ]
    xs = dict(zip(g.nodes["id"], g.nodes["x"], strict=True))
    assert xs["A1"] < xs["P1"] < xs["I1"] < xs["PR1"] < xs["T1"] < xs["F1"] < xs["M1"] < xs["D1"]
    boxes = list(zip(g.nodes["x"], g.nodes["y"], strict=True))
    for i, (x1, y1) in enumerate(boxes):
        for x2, y2 in boxes[i + 1 :]:
            apart = abs(x1 - x2) >= NODE_W or abs(y1 - y2) >= NODE_H
            assert apart, ((x1, y1), (x2, y2))


def test_barycentre_ordering_puts_linked_nodes_side_by_side() -> None:
    tables = _tables()
    # Stored in the "wrong" order: the idea for P2 first. The layout still puts I2 next to P2.
    tables["ideas"] = tables["ideas"].iloc[[1, 0, 2]].reset_index(drop=True)
    g = chain_graph(tables)
    ys = dict(zip(g.nodes["id"], g.nodes["y"], strict=True))
    assert ys["I1"] == ys["P1"] and ys["I2"] == ys["P2"]


def test_arrows_point_downstream_and_the_relation_sets_the_line_style() -> None:
    g = chain_graph(_tables())
    svg = g.to_svg()
    paths = re.findall(r'<path d="M([\d.]+),([\d.]+)C[^"]*? ([\d.]+),([\d.]+)"([^>]*)>', svg)
    assert len(paths) == len(LINKS)
    x = dict(zip(g.nodes["id"], g.nodes["x"], strict=True))
    # idea -addresses-> insight is drawn from the insight (left) to the idea (right)
    starts = {(float(a), float(b)) for a, b, *_ in paths}
    y = dict(zip(g.nodes["id"], g.nodes["y"], strict=True))
    assert (x["P1"] + NODE_W, y["P1"] + NODE_H / 2) in starts
    dashed = [p for p in paths if 'stroke-dasharray="6 4"' in p[4]]
    dotted = [p for p in paths if 'stroke-dasharray="2 3"' in p[4]]
    assert len(dashed) == 1 and len(dotted) == 1  # contradicts, supersedes
    # supersedes (D3 -> D1, same column) is drawn from the older decision to the newer one
    assert float(dotted[0][1]) == y["D1"] + NODE_H / 2
    assert float(dotted[0][3]) == y["D3"] + NODE_H / 2
    assert all("marker-end" in p[4] for p in paths)


def test_long_and_hostile_labels_are_wrapped_escaped_and_kept_in_full_elsewhere() -> None:
    hostile = "<script>alert(1)</script> " + "Citizens must repeat their address " * 8
    g = chain_graph(_tables(statement=hostile))
    svg = g.to_svg()
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    node = svg.split('aria-label="P1')[1].split("</a>")[0]
    lines = re.findall(r'font-size="13" fill="[^"]+">([^<]*) </text>', node)
    assert 1 <= len(lines) <= MAX_LINES
    assert all(len(html.unescape(line)) <= _CHARS for line in lines)
    assert lines[-1].endswith("…")
    assert "clip-path=" in node  # the box clips what a very wide glyph could push out
    # the full text (cut at 2,000 characters) is in the title and the entity list
    listing = g.to_html().split('class="ck-graph-list"')[1]
    assert "Citizens must repeat their address Citizens must repeat" in listing


def test_table_alternative_lists_every_link_as_stored() -> None:
    g = chain_graph(_tables())
    assert list(zip(g.table["source"], g.table["relation"], g.table["target"], strict=True)) == (
        LINKS
    )
    assert g.table.loc[0, "source_title"] == "Talks"
    page = g.to_html()
    assert "<caption>Links in: The chain from pain point to decision: Home care</caption>" in page
    assert page.count("<tr>") == len(LINKS) + 1


def test_focus_draws_the_given_chain_and_marks_the_chosen_entity() -> None:
    chain = ["D3", "T1", "F1", "M1", "I1", "PR1", "P1", "A1", "D1"]
    g = chain_graph(_tables(), focus="D3", ids=chain)
    assert set(g.nodes["id"]) == set(chain)
    assert g.title == "The chain of D3: Adopt form B everywhere"
    assert "(chosen)" in g.to_svg() and g.to_svg().count("(chosen)") == 1
    assert ("F1", "contradicts", "I2") not in set(
        zip(g.table["source"], g.table["relation"], g.table["target"], strict=True)
    )
    near = chain_graph(_tables(), focus="P2")  # no ids: the entity and its direct links
    assert sorted(near.nodes["id"]) == ["A2", "I2", "P2"]
    with pytest.raises(ValueError, match="'nope' is not an entity"):
        chain_graph(_tables(), focus="nope")


def test_empty_ledger_says_so() -> None:
    g = chain_graph({"links": pd.DataFrame(columns=["source", "relation", "target"])})
    assert g.to_svg() == ""
    assert "Nothing to draw" in g.to_html()


def test_export_sanitiser_keeps_the_links_and_the_text_is_high_contrast() -> None:
    clean = sanitize_html(chain_graph(_tables()).to_html())
    assert clean.count('class="ck-graph-node"') == 12
    assert len(re.findall(r'<a href="#ckg[0-9a-f]{10}-e\d+"', clean)) >= 12
    assert 'role="group"' in clean and "<title" in clean and "<desc" in clean
    assert "http" not in clean.replace("http://www.w3.org/2000/svg", "")
    assert contrast_ratio(TEXT) >= 4.5
    fills = set(re.findall(r'<text[^>]* fill="(#[0-9a-fA-F]{6})"', clean))
    assert fills and all(contrast_ratio(c) >= 4.5 for c in fills)


def test_sanitiser_keeps_only_fragment_links_inside_svg() -> None:
    """The export sanitiser allows ``<a>`` in SVG (the graph's nodes) for ``#fragments`` only."""
    dirty = (
        '<svg><a href="#node-1" onclick="x()"><text>ok</text></a>'
        '<a href="javascript:alert(1)"><text>js</text></a>'
        '<a xlink:href="http://evil.example/"><text>web</text></a>'
        '<a href="//evil.example/x"><text>web2</text></a></svg>'
    )
    clean = sanitize_html(dirty)
    assert '<a href="#node-1"><text>ok</text></a>' in clean
    assert "javascript" not in clean and "evil.example" not in clean and "onclick" not in clean
    assert clean.count("<a") == 4 and clean.count("href=") == 1  # text kept, links gone


def test_evidence_levels_are_written_in_the_box_and_weak_ones_dashed() -> None:
    g = chain_graph(_tables(), levels={"T1": 3, "M1": 1, "D3": 1, "P1": None})
    svg = g.to_svg()
    t1 = svg.split('aria-label="T1')[1].split("</a>")[0]
    m1 = svg.split('aria-label="M1')[1].split("</a>")[0]
    assert "evidence level 3 </text>" in t1 and "stroke-dasharray" not in t1
    assert "evidence level 1 </text>" in m1 and 'stroke-dasharray="6 3"' in m1
    assert "evidence level" not in svg.split('aria-label="P1')[1].split("</a>")[0]
    assert 'aria-label="T1 · randomised A/B test evidence level 3"' in svg  # label in name
    listing = g.to_html().split('class="ck-graph-list"')[1]
    assert "Evidence level 1 (weak)." in listing
    assert "Evidence level 3." in listing
    assert list(g.nodes.set_index("id").loc[["T1", "M1", "A1"], "flagged"]) == [False, True, None]
