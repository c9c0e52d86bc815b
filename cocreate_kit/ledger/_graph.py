"""The ledger's chain as an accessible graph: inline SVG plus a table and list alternative.

:func:`chain_graph` draws every entity of a ledger (or the chain of one entity) from left to
right in the order work happens: activity -> insight or pain point -> idea -> prototype ->
test -> feedback -> measure -> decision. It is drawn on the server as plain SVG: no
JavaScript, no fonts or styles from the internet, the same markup in JupyterLab, in the
Voila app and in an exported page opened from ``file://``.

Design decisions
----------------
* **Layout is computed, not drawn by hand.** One column per entity kind (empty columns are
  left out); inside a column, nodes are ordered by the mean position of the nodes they link
  to in the columns already placed (the barycentre heuristic of Sugiyama-style layered
  drawing, one sweep left to right), which keeps most links short and uncrossed.
* **No overlapping text.** Each label is wrapped to the node's width with a conservative
  character width and cut to three lines with an ellipsis; each node's text is also clipped
  to its box (``clip-path``), so even a wide glyph cannot reach a neighbour. The full text is
  the node's ``<title>`` (a tooltip) and is in the entity list below the drawing.
* **Arrows point downstream**: from the problem or the evidence to what came of it, whatever
  the direction the link is stored in (``idea -addresses-> insight`` is drawn insight ->
  idea). The line style says the relation's kind: solid for the chain (addresses, tested
  by, decided by, supports), dashed for ``contradicts``, dotted for ``supersedes``; the
  table alternative names every relation as stored.
* **Colour is never the only cue.** Every kind has its own glyph (circle, triangle,
  diamond, square, ...), its kind is written in the node and the column is headed with
  it. Border colours come from the kit's Okabe-Ito palette (:data:`cocreate_kit.charts.PALETTE`);
  all text is :data:`~cocreate_kit.charts.TEXT` on white (over 16:1).
* **Keyboard and screen readers.** The ``<svg>`` is a ``role="group"`` named by its
  ``<title>`` and described by its ``<desc>``; it is *not* ``role="img"``, because an image's
  children are presentational and focusable links inside one are hidden from assistive
  technology (axe rule ``nested-interactive``). Every node is a real link
  (``<a href="#...">`` inside the SVG) in column order, so Tab moves through the chain and
  Enter jumps to that entity in the list alternative, which names where it comes from and
  what it leads to, each a link again. The drawing keeps its natural size and scrolls
  sideways in a narrow window (text never shrinks below its size); focusing a node scrolls
  it into view.
* **Evidence strength, when given** (``levels=``, the ledger's ``evidence_levels``): a graded
  test, measure or claim says "evidence level N" in its box, and a box that rests on level
  1-2 evidence only has a dashed border; the entity list says the same in words.
* **What is shown.** Ids and titles (statement, indicator) of entities, never participants:
  the participants table is not part of the chain.
* **Language.** Title and description are written when the graph is built, in the current
  language; column headings, kinds, relations and the list's sentences when it is drawn.

Why this module is long: the SVG drawing, its accessible names and the list alternative
must stay in step (one node's name, title and list entry say the same); splitting them
would spread one contract over several files.
"""

from __future__ import annotations

import hashlib
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from .._html import MAX_LABEL, clip, esc, html_table
from ..charts import MUTED_TEXT, PALETTE, TEXT
from ..i18n import N_, _, fmt_int, ngettext
from ._labels import label as _code_label

__all__ = ["ChainGraph", "chain_graph", "LAYERS"]

#: (table, kind filter, column heading, colour, glyph) left to right.
LAYERS: tuple[tuple[str, str | None, str, str, str], ...] = (
    ("activities", None, N_("Activity"), MUTED_TEXT, "circle"),
    ("insights", None, N_("Insight / pain point"), PALETTE[1], "triangle"),
    ("ideas", "idea", N_("Idea"), PALETTE[0], "diamond"),
    ("ideas", "prototype", N_("Prototype"), PALETTE[2], "square"),
    ("tests", None, N_("Test"), PALETTE[3], "hexagon"),
    ("feedback", None, N_("Feedback"), PALETTE[4], "bubble"),
    ("measures", None, N_("Measure"), PALETTE[5], "bars"),
    ("decisions", None, N_("Decision"), PALETTE[6], "star"),
)
#: Heading -> (singular, plural) in sentences: "1 idea", "2 ideas" (translated when used).
_COUNT = {
    "Activity": lambda n: ngettext("{n} activity", "{n} activities", n),
    "Insight / pain point": lambda n: ngettext(
        "{n} insight / pain point", "{n} insights / pain points", n
    ),
    "Idea": lambda n: ngettext("{n} idea", "{n} ideas", n),
    "Prototype": lambda n: ngettext("{n} prototype", "{n} prototypes", n),
    "Test": lambda n: ngettext("{n} test", "{n} tests", n),
    "Feedback": lambda n: ngettext("{n} feedback record", "{n} feedback records", n),
    "Measure": lambda n: ngettext("{n} measure", "{n} measures", n),
    "Decision": lambda n: ngettext("{n} decision", "{n} decisions", n),
}
#: The column of each table that names an entity, and the one that says its kind.
_LABEL = {
    "activities": ("title", "kind"),
    "insights": ("statement", "kind"),
    "ideas": ("title", "kind"),
    "tests": ("title", "design"),
    "feedback": ("title", None),
    "measures": ("indicator", "bottom_line"),
    "decisions": ("title", "status"),
}
_DASH = {"contradicts": "6 4", "supersedes": "2 3"}
#: Links inside text are underlined wherever the page is shown (Voila's styles drop it).
_UNDERLINE = ' style="text-decoration:underline"'

NODE_W, NODE_H, GAP_X, GAP_Y = 156, 94, 44, 14
TOP, LEFT, FONT_PX, LINE_PX, MAX_LINES = 44, 8, 13, 16, 3
#: An average character of the system sans-serif at 13 px is about 6 px; 7 px per character
#: keeps wrapped lines inside the box for ordinary text (the clip path guards the rest).
_CHARS = int((NODE_W - 20) / 7.0)
#: The first line (id and kind, 12 px) starts after the glyph.
_HEAD_CHARS = int((NODE_W - 34) / 6.6)


def _tables(ledger: Any) -> Mapping[str, pd.DataFrame]:
    if hasattr(ledger, "tables"):
        return ledger.tables()
    return ledger


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    return str(value)


def _nodes(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per entity of the chain: id, table, layer (column), kind, label."""
    rows = []
    for layer, (table, kind_filter, heading, _colour, _glyph) in enumerate(LAYERS):
        frame = tables.get(table)
        if frame is None or frame.empty:
            continue
        label_col, kind_col = _LABEL[table]
        for rec in frame.to_dict(orient="records"):
            kind = _text(rec.get(kind_col)) if kind_col else ""
            if kind_filter is not None and kind != kind_filter:
                continue
            rows.append(
                {
                    "id": _text(rec.get("id")),
                    "table": table,
                    "layer": layer,
                    "heading": heading,
                    "kind": kind.replace("_", " "),
                    "label": _text(rec.get(label_col)),
                }
            )
    columns = ["id", "table", "layer", "heading", "kind", "label"]
    return pd.DataFrame(rows, columns=columns)


def _downstream(src_layer: int, dst_layer: int, relation: str) -> bool:
    """True when a stored link runs in the drawing's direction (left to right)."""
    if relation == "supersedes":  # newer -supersedes-> older: drawn older -> newer
        return False
    return src_layer <= dst_layer


@dataclass(frozen=True)
class ChainGraph:
    """The chain drawn as an accessible SVG graph, with its table alternative.

    Attributes
    ----------
    nodes : DataFrame
        ``id, table, layer, heading, kind, label, level, flagged, x, y``: one row per
        entity drawn (``level``/``flagged`` None when no ``levels`` were given or the
        entity has none).
    links : DataFrame
        ``source, relation, target, source_title, target_title``: the links between drawn
        entities, as stored in the ledger (the table alternative).
    title, description : str
        The accessible name and description (computed from the ledger).
    focus : str or None
        The entity whose chain is drawn, or None for the whole ledger.
    """

    nodes: pd.DataFrame = field(repr=False)
    links: pd.DataFrame = field(repr=False)
    title: str
    description: str
    focus: str | None = None

    @property
    def table(self) -> pd.DataFrame:
        """The links as a table (source, relation, target and their titles)."""
        return self.links

    @cached_property
    def _id_prefix(self) -> str:
        text = self.title + str(self.focus) + self.nodes.to_csv() + self.links.to_csv()
        return "ckg" + hashlib.sha1(text.encode()).hexdigest()[:10]

    def _uid(self) -> str:
        """A prefix for this graph's element ids (two graphs on one page never clash)."""
        return self._id_prefix

    def _anchor(self, i: int, where: str) -> str:
        return f"{self._id_prefix}-{where}{i}"

    def to_svg(self) -> str:
        """The graph as an inline ``<svg>`` element (see the module docstring)."""
        uid = self._uid()
        nodes = self.nodes
        if nodes.empty:
            return ""
        layers = sorted(nodes["layer"].unique())
        width = LEFT * 2 + len(layers) * NODE_W + (len(layers) - 1) * GAP_X
        height = int(nodes["y"].max()) + NODE_H + 16
        index = {nid: i for i, nid in enumerate(nodes["id"])}
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="group" class="ck-graph-svg" '
            f'aria-labelledby="{uid}-title" aria-describedby="{uid}-desc" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif">',
            f'<title id="{uid}-title">{esc(clip(self.title, MAX_LABEL))}</title>',
            f'<desc id="{uid}-desc">{esc(clip(self.description))}</desc>',
            f'<defs><marker id="{uid}-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
            'markerWidth="7" markerHeight="7" orient="auto">'
            f'<path d="M0,0L10,5L0,10Z" fill="{MUTED_TEXT}"/></marker></defs>',
            f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        ]
        parts.append('<g aria-hidden="true">')
        for layer in layers:
            heading = _(LAYERS[layer][2])
            x = nodes.loc[nodes["layer"] == layer, "x"].iloc[0]
            parts.append(
                f'<text x="{x + NODE_W / 2:.0f}" y="22" text-anchor="middle" font-size="14" '
                f'font-weight="600" fill="{TEXT}">{esc(heading)}</text>'
            )
        parts.append("</g>")
        parts.append(f'<g aria-hidden="true" fill="none" stroke="{MUTED_TEXT}" stroke-width="1.5">')
        recs = nodes.to_dict(orient="records")
        for rec in self.links.to_dict(orient="records"):
            a, b = recs[index[rec["source"]]], recs[index[rec["target"]]]
            if not _downstream(int(a["layer"]), int(b["layer"]), rec["relation"]):
                a, b = b, a
            parts.append(_edge_path(a, b, rec["relation"], uid))
        parts.append("</g>")
        for i, node in enumerate(recs):
            parts.append(self._node_svg(i, node))
        parts.append("</svg>")
        return "".join(parts)

    def _node_svg(self, i: int, node: dict[str, Any]) -> str:
        _table, _f, heading, colour, glyph = LAYERS[node["layer"]]
        heading = _(heading)
        x, y = float(node["x"]), float(node["y"])
        chosen = self.focus is not None and node["id"] == self.focus
        kind = _code_label(node["kind"].replace(" ", "_")) if node["kind"] else heading.lower()
        full = f"{heading} {node['id']} ({kind}): {node['label']}".strip()
        lines = _wrap(node["label"])
        head = clip(node["id"] + " · " + kind, _HEAD_CHARS)
        # The accessible name is the visible text (WCAG 2.5.3, label in name); the full text
        # is the <title> and the entity list.
        level = _level_text(node)
        name = " ".join([head, *lines, *([level] if level else [])])
        name += " " + _("(chosen)") if chosen else ""
        clip_id = self._anchor(i, "c")
        texts = [
            f'<text x="{x + 26:.0f}" y="{y + 18:.0f}" font-size="12" fill="{MUTED_TEXT}">'
            f"{esc(head)} </text>"
        ]
        texts += [
            f'<text x="{x + 10:.0f}" y="{y + 36 + n * LINE_PX:.0f}" font-size="{FONT_PX}" '
            f'fill="{TEXT}">{esc(line)} </text>'
            for n, line in enumerate(lines)
        ]
        if level:
            texts.append(
                f'<text x="{x + 10:.0f}" y="{y + NODE_H - 9:.0f}" font-size="12" '
                f'font-weight="600" fill="{MUTED_TEXT}">{esc(level)} </text>'
            )
        stroke = 4 if chosen else 2
        dash = ' stroke-dasharray="6 3"' if node.get("flagged") is True else ""
        return (
            f'<a href="#{self._anchor(i, "e")}" id="{self._anchor(i, "n")}" '
            f'class="ck-graph-node" aria-label="{esc(name)}">'
            f"<title>{esc(clip(full))}</title>"
            f'<clipPath id="{clip_id}"><rect x="{x}" y="{y}" width="{NODE_W}" '
            f'height="{NODE_H}"/></clipPath>'
            f'<rect class="ck-graph-box" x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" '
            f'rx="6" fill="#ffffff" stroke="{colour}" stroke-width="{stroke}"{dash}/>'
            f"{_glyph(glyph, x + 14, y + 14, colour)}"
            f'<g clip-path="url(#{clip_id})">{"".join(texts)}</g></a>'
        )

    def _entity_list(self) -> str:
        nodes = self.nodes
        index = {nid: i for i, nid in enumerate(nodes["id"])}
        ins: dict[str, list[str]] = {nid: [] for nid in nodes["id"]}
        outs: dict[str, list[str]] = {nid: [] for nid in nodes["id"]}
        for rec in self.links.to_dict(orient="records"):
            a, b = rec["source"], rec["target"]
            rel = esc(_code_label(rec["relation"]))
            # Translators: "{relation} {entity}", e.g. "addresses P1" (the entity is a link).
            outs[a].append(
                _("{relation} {entity}").format(relation=rel, entity=self._link_to(index[b], b))
            )
            # Translators: "{entity} {relation} it", e.g. "I1 addresses it".
            ins[b].append(
                _("{entity} {relation} it").format(relation=rel, entity=self._link_to(index[a], a))
            )
        items = []
        show = _("Show in the graph")
        for i, node in enumerate(nodes.to_dict(orient="records")):
            heading = _(node["heading"])
            kind = _code_label(node["kind"].replace(" ", "_")) if node["kind"] else heading.lower()
            chosen = (
                " " + _("(chosen)") if self.focus is not None and node["id"] == self.focus else ""
            )
            parts = [
                f"<strong>{esc(clip(node['id'], MAX_LABEL))}</strong>{esc(chosen)}, "
                f"{esc(heading.lower())} ({esc(kind)}): {esc(clip(node['label']))}."
            ]
            level = _level_text(node)
            if level:
                weak = (
                    # Translators: after "Evidence level 1"; a level 1-2 claim, said briefly
                    # as every flagged entry of the list repeats it
                    " " + _("(weak)") if node.get("flagged") is True else ""
                )
                parts.append(f" {esc(level.capitalize())}{esc(weak)}.")
            if outs[node["id"]]:
                parts.append(" " + _("It {links}.").format(links="; ".join(outs[node["id"]])))
            if ins[node["id"]]:
                parts.append(
                    " " + _("Linked from: {links}.").format(links="; ".join(ins[node["id"]]))
                )
            parts.append(f' <a href="#{self._anchor(i, "n")}"{_UNDERLINE}>{esc(show)}</a>')
            items.append(f'<li id="{self._anchor(i, "e")}">{"".join(parts)}</li>')
        return f'<ul class="ck-graph-list">{"".join(items)}</ul>'

    def _link_to(self, i: int, nid: str) -> str:
        return f'<a href="#{self._anchor(i, "e")}"{_UNDERLINE}>{esc(clip(nid, MAX_LABEL))}</a>'

    def to_html(self, *, open_details: bool = False) -> str:
        """The graph in a ``<figure>``: caption, SVG, the links table and the entity list.

        ``open_details=True`` shows the table and the list open (for a printed or exported
        page); by default they are closed ``<details>`` sections.
        """
        uid = self._uid()
        opened = " open" if open_details else ""
        if self.nodes.empty:
            return (
                f'<figure class="ck-figure ck-graph"><figcaption>'
                f'<span class="ck-figure-title">{esc(clip(self.title, MAX_LABEL))}</span> '
                f'<span class="ck-figure-desc">{esc(clip(self.description))}</span>'
                "</figcaption></figure>"
            )
        table = self.links.assign(relation=self.links["relation"].map(_code_label)).rename(
            columns={
                "source": _("source"),
                "relation": _("relation"),
                "target": _("target"),
                "source_title": _("source title"),
                "target_title": _("target title"),
            }
        )
        keys = _(
            "Each box is a link: Tab moves through them, Enter shows the entity in the list below."
        )
        caption = _("Links in: {title}").format(title=self.title)
        show_table = _("Show the links as a table")
        show_list = _("Show every entity with where it comes from and what it leads to")
        return (
            f'<figure class="ck-figure ck-graph" aria-labelledby="{uid}-cap">'
            f'<figcaption><span class="ck-figure-title" id="{uid}-cap">'
            f"{esc(clip(self.title, MAX_LABEL))}</span> "
            f'<span class="ck-figure-desc">{esc(clip(self.description))} {esc(keys)}</span>'
            f'</figcaption><div class="ck-chart ck-graph-scroll" role="region" tabindex="0" '
            f'aria-labelledby="{uid}-cap">{self.to_svg()}</div>'
            f"<details{opened}><summary>{esc(show_table)}</summary>"
            f"{html_table(table, caption)}</details>"
            f"<details{opened}><summary>"
            f"{esc(show_list)}"
            f"</summary>{self._entity_list()}</details></figure>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()


def _wrap(label: str) -> list[str]:
    flat = " ".join(clip(label, MAX_LABEL * 2).split()) or _("(no title)")
    lines = textwrap.wrap(flat, width=_CHARS, break_long_words=True, break_on_hyphens=True)
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = clip(lines[-1][: _CHARS - 1] + "…", _CHARS)
    return lines


def _glyph(shape: str, cx: float, cy: float, colour: str) -> str:
    """A 12-px symbol per kind (shape as well as colour tells the kinds apart)."""
    r = 6
    pts = {
        "triangle": [(cx, cy - r), (cx + r, cy + r), (cx - r, cy + r)],
        "diamond": [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)],
        "hexagon": [(cx - r, cy), (cx - r / 2, cy - r), (cx + r / 2, cy - r), (cx + r, cy),
                    (cx + r / 2, cy + r), (cx - r / 2, cy + r)],
        "star": [(cx, cy - r), (cx + 2, cy - 2), (cx + r, cy - 2), (cx + 3, cy + 1.5),
                 (cx + 4, cy + r), (cx, cy + 3.5), (cx - 4, cy + r), (cx - 3, cy + 1.5),
                 (cx - r, cy - 2), (cx - 2, cy - 2)],
    }  # fmt: skip
    if shape in pts:
        p = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts[shape])
        return f'<polygon points="{p}" fill="{colour}" aria-hidden="true"/>'
    if shape == "circle":
        return f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{colour}" aria-hidden="true"/>'
    if shape == "square":
        return (
            f'<rect x="{cx - 5}" y="{cy - 5}" width="10" height="10" fill="{colour}" '
            'aria-hidden="true"/>'
        )
    if shape == "bubble":
        return (
            f'<path d="M{cx - r},{cy - 5}h12v8h-7l-4,4v-4h-1z" fill="{colour}" aria-hidden="true"/>'
        )
    return (  # bars
        f'<path d="M{cx - r},{cy + r}v-5h3v5zM{cx - 1.5},{cy + r}v-9h3v9zM{cx + 3},{cy + r}v-12h3'
        f'v12z" fill="{colour}" aria-hidden="true"/>'
    )


def _edge_path(a: Mapping[str, Any], b: Mapping[str, Any], relation: str, uid: str) -> str:
    dash = _DASH.get(relation)
    style = f' stroke-dasharray="{dash}"' if dash else ""
    ay, by = float(a["y"]) + NODE_H / 2, float(b["y"]) + NODE_H / 2
    if int(a["layer"]) == int(b["layer"]):  # same column: an arc on its right-hand side
        x = float(a["x"]) + NODE_W
        bend = x + GAP_X * 0.7
        d = f"M{x:.1f},{ay:.1f}C{bend:.1f},{ay:.1f} {bend:.1f},{by:.1f} {x:.1f},{by:.1f}"
    else:
        x1, x2 = float(a["x"]) + NODE_W, float(b["x"])
        mid = (x2 - x1) / 2
        d = f"M{x1:.1f},{ay:.1f}C{x1 + mid:.1f},{ay:.1f} {x2 - mid:.1f},{by:.1f} {x2:.1f},{by:.1f}"
    return f'<path d="{d}"{style} marker-end="url(#{uid}-arrow)"/>'


def _layout(nodes: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """x, y per node: columns by layer, rows ordered by the barycentre of placed neighbours."""
    neighbours: dict[str, set[str]] = {nid: set() for nid in nodes["id"]}
    for a, b in zip(links["source"], links["target"], strict=True):
        neighbours[a].add(b)
        neighbours[b].add(a)
    rank: dict[str, float] = {}
    order: list[str] = []
    xs: dict[str, float] = {}
    ys: dict[str, float] = {}
    for col, layer in enumerate(sorted(nodes["layer"].unique())):
        ids = list(nodes.loc[nodes["layer"] == layer, "id"])

        def key(nid: str, pos: dict[str, int]) -> tuple[float, int]:
            placed = [rank[n] for n in neighbours[nid] if n in rank]
            return (sum(placed) / len(placed) if placed else float(pos[nid]), pos[nid])

        pos = {nid: i for i, nid in enumerate(ids)}
        ids.sort(key=lambda nid, pos=pos: key(nid, pos))
        for row, nid in enumerate(ids):
            rank[nid] = float(row)
            xs[nid] = LEFT + col * (NODE_W + GAP_X)
            ys[nid] = TOP + row * (NODE_H + GAP_Y)
            order.append(nid)
    placed = nodes.set_index("id").loc[order].reset_index()
    placed["x"] = placed["id"].map(xs)
    placed["y"] = placed["id"].map(ys)
    return placed


def chain_graph(
    ledger: Any,
    *,
    focus: str | None = None,
    ids: Iterable[str] | None = None,
    levels: Any = None,
) -> ChainGraph:
    """The ledger's chain (pain point -> idea -> prototype -> test -> feedback -> decision)
    as an accessible SVG graph with a table alternative (see the module docstring).

    Parameters
    ----------
    ledger : Ledger or mapping of table name to DataFrame
        What :func:`cocreate_kit.ledger.load` returned (its ``tables()`` are read).
    focus : str, optional
        An entity id: draw only the entities in ``ids`` (its chain), with this one
        marked as chosen. Without ``ids``, only the entity and its direct links are drawn.
    ids : iterable of str, optional
        The entity ids to draw, e.g. the ``entity`` column of
        :func:`cocreate_kit.ledger.chain` for ``focus``. Default: every entity.
    levels : EvidenceLevels or mapping of id to level, optional
        What :func:`cocreate_kit.ledger.evidence_levels` returned (or ``{id: level}``):
        each graded test, measure and claim then shows "evidence level N" in its box and in
        the list, and a box whose level rests on level 1-2 evidence only (the result's
        ``flagged``; level <= 2 for a plain mapping) gets a dashed border.

    Returns
    -------
    ChainGraph
        ``to_html()`` / ``_repr_html_`` for a page or notebook, ``to_svg()``, ``.table``.

    Raises
    ------
    ValueError
        If ``focus`` is not an entity id of the ledger.

    Examples
    --------
    >>> import pandas as pd
    >>> tables = {
    ...     "insights": pd.DataFrame({"id": ["P1"], "kind": ["pain_point"],
    ...                               "statement": ["Forms ask twice for the same facts"]}),
    ...     "ideas": pd.DataFrame({"id": ["I1"], "kind": ["idea"], "title": ["One form"]}),
    ...     "links": pd.DataFrame({"source": ["I1"], "relation": ["addresses"],
    ...                            "target": ["P1"]}),
    ... }
    >>> g = chain_graph(tables)
    >>> list(g.nodes["id"])
    ['P1', 'I1']
    >>> g.description.split(" Arrows")[0]
    '2 entities (1 insight / pain point, 1 idea) and 1 link (1 addresses).'
    >>> html = g.to_html()
    >>> html.count('class="ck-graph-node"'), 'role="group"' in html, "<script" in html
    (2, True, False)
    """
    tables = _tables(ledger)
    nodes = _nodes(tables)
    known = set(nodes["id"])
    if focus is not None and focus not in known:
        msg = _(
            "{focus} is not an entity of this ledger (ids of activities, insights, ..., decisions)."
        ).format(focus=repr(focus))
        raise ValueError(msg)
    raw = tables.get("links")
    if raw is None:
        raw = pd.DataFrame(columns=["source", "relation", "target"])
    links = raw[["source", "relation", "target"]].astype(str)
    if focus is not None:
        keep = set(ids) if ids is not None else set()
        keep.add(focus)
        if ids is None:
            touching = links[(links["source"] == focus) | (links["target"] == focus)]
            keep |= set(touching["source"]) | set(touching["target"])
        nodes = nodes[nodes["id"].isin(keep)]
    elif ids is not None:
        nodes = nodes[nodes["id"].isin(set(ids))]
    drawn = set(nodes["id"])
    links = links[links["source"].isin(drawn) & links["target"].isin(drawn)].reset_index(drop=True)
    titles = dict(zip(nodes["id"], nodes["label"], strict=True))
    links = links.assign(
        source_title=links["source"].map(titles), target_title=links["target"].map(titles)
    )
    graded = _levels(levels)
    nodes = nodes.assign(
        level=[graded.get(n, (None, None))[0] for n in nodes["id"]],
        flagged=[graded.get(n, (None, None))[1] for n in nodes["id"]],
    )
    placed = _layout(nodes.reset_index(drop=True), links)
    return ChainGraph(
        placed,
        links,
        _title(tables, focus, titles),
        _description(placed, links, focus),
        focus,
    )


def _levels(levels: Any) -> dict[str, tuple[int, bool]]:
    """id -> (evidence level, flagged) from an EvidenceLevels result or a plain mapping."""
    if levels is None:
        return {}
    if isinstance(levels, Mapping):
        pairs = [(k, v, None) for k, v in levels.items()]
    else:
        pairs = [
            (e, v, f)
            for frame in (levels.items, levels.claims)
            for e, v, f in zip(
                frame["entity"], frame["evidence_level"], frame["flagged"], strict=True
            )
        ]
    out = {}
    for entity, value, flagged in pairs:
        if value is None or pd.isna(value):
            continue
        weak = int(value) <= 2 if flagged is None or pd.isna(flagged) else bool(flagged)
        out[str(entity)] = (int(value), weak)
    return out


def _level_text(node: Mapping[str, Any]) -> str:
    value = node.get("level")
    if value is None or pd.isna(value):
        return ""
    return _("evidence level {level}").format(level=int(value))


def _title(tables: Mapping[str, pd.DataFrame], focus: str | None, titles: dict[str, str]) -> str:
    if focus is not None:
        return _("The chain of {id}: {title}").format(
            id=focus, title=clip(titles.get(focus, ""), 80)
        )
    project = tables.get("project")
    name = ""
    if project is not None and not project.empty and "title" in project:
        name = _text(project["title"].iloc[0])
    if name:
        return _("The chain from pain point to decision: {name}").format(name=name)
    return _("The chain")


def _description(nodes: pd.DataFrame, links: pd.DataFrame, focus: str | None) -> str:
    if nodes.empty:
        return _("Nothing to draw: the ledger holds no activities, insights, ideas or decisions.")
    counts = nodes.groupby("layer", sort=True).size()
    per = ", ".join(
        _COUNT[LAYERS[layer][2]](int(n)).format(n=fmt_int(n)) for layer, n in counts.items()
    )
    rels = links["relation"].value_counts()
    how = ", ".join(f"{fmt_int(n)} {_code_label(rel)}" for rel, n in rels.items()) or _("none")
    things = ngettext("{n} entity", "{n} entities", len(nodes)).format(n=fmt_int(len(nodes)))
    noun = ngettext("{n} link", "{n} links", len(links)).format(n=fmt_int(len(links)))
    lead = _("{entities} ({per}) and {links} ({how}).").format(
        entities=things, per=per, links=noun, how=how
    )
    return (
        lead
        + " "
        + _(
            "Arrows point from a problem or its evidence to what came of it; dashed "
            "arrows contradict, dotted ones mark a decision that replaced another."
        )
    )
