"""The account page's relationship map: where each stakeholder sits, drawn as inline SVG by a template partial.

Two layouts, both readable without hovering (every node carries the person's name, role and support):
- an org chart, top-down by reporting line, when anyone's "reports to" names another person of the table;
  people whose manager is not in the table start a tree of their own at the top;
- otherwise a grid: one row per influence level (high first), people in role order, and those whose support
  is unknown in a lane of their own on the right.
Node size shows influence, fill colour support (−3 red … 0 grey … +3 green; unknown hatched). Positions are
plain numbers in SVG user units; the template escapes every name it prints.

Coverage gaps come from the engine's risk flags (scoring/flags.py): this module only picks the ones about people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup

from generator.core.i18n import Language
from generator.core.model import Deal, Stakeholder
from generator.core.scorecard import Flag
from generator.core.vocabulary import INFLUENCE, ROLE
from generator.core.wording.site import RELATIONSHIP_MAP as WORDS
from generator.scoring.stakeholders import support_of

NO_MARKUP = Markup("")  # an SVG attribute not computed yet (Markup is immutable: one default serves all)

# The engine's flag codes about the customer's people, in the order the engine lists them.
STAKEHOLDER_FLAG_CODES: tuple[str, ...] = (
    "no-economic-buyer", "economic-buyer-not-supportive", "no-coach", "high-influence-opposition",
    "stakeholders-unknown-support",
)

Layout = Literal["org", "grid"]
ROLE_ORDER: dict[str, int] = {code: n for n, code in enumerate(ROLE.codes)}
LEVELS: tuple[str, ...] = INFLUENCE.codes
ROLE_LABEL: dict[Language, dict[str, str]] = {
    lang: {c: ROLE.label(c, lang) for c in ROLE.codes} for lang in ("zh", "en")}
LEVEL_LABEL: dict[Language, dict[str, str]] = {
    lang: {c: INFLUENCE.label(c, lang) for c in INFLUENCE.codes} for lang in ("zh", "en")}

# Node sizes by influence (width, height); a person whose influence is not given gets the medium size.
NODE_SIZE: dict[str | None, tuple[float, float]] = {
    "high": (164.0, 54.0), "medium": (146.0, 46.0), "low": (128.0, 40.0), None: (146.0, 46.0),
}
SLOT = 176.0  # horizontal room per node
LEVEL = 96.0  # vertical room per level of the org chart, or per line of the grid
MARGIN = 16.0
LABEL_WIDTH = 96.0  # the grid's row labels (influence)
HEADER = 30.0  # the grid's column headings
PER_LINE = 4  # people per line of the grid (both areas together) before a row wraps
NAME_ROOM = {"high": 18.0, "medium": 16.0, "low": 14.0, None: 16.0}  # name width in ems of a latin letter


@dataclass(frozen=True)
class MapNode:
    """One person on the map; `name` is raw workbook text (the template escapes it)."""

    index: int  # position in the Stakeholders table
    name: str
    short_name: str  # `name` cut to fit the box, with "…"
    badge: str  # role abbreviation (EB, TB, U, Cor, Coa, Inf) or "" when no role is given
    role: str  # the role's label in the page language
    influence: str  # the influence label in the page language
    support: str  # "+2", "0", "-1" or "?"
    tone: str  # css suffix: "s-3" … "s3", or "unknown"
    x: float  # top-left corner
    y: float
    width: float
    height: float
    # SVG attributes made of the numbers above only (never of cell text), formatted once for the template.
    box: Markup = NO_MARKUP  # x, y, width and height of the box
    name_at: Markup = NO_MARKUP  # where the name line sits
    meta_at: Markup = NO_MARKUP  # where the role · support line sits

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class MapLine:
    """A reporting line from a manager's box (top) to a report's box (bottom), as an SVG path."""

    path: str


@dataclass(frozen=True)
class MapLabel:
    text: str
    x: float
    y: float
    anchor: Literal["start", "middle", "end"] = "start"


@dataclass(frozen=True)
class MapLane:
    """A background band of the grid (a row, or the unknown-support lane)."""

    x: float
    y: float
    width: float
    height: float
    kind: Literal["row", "unknown"]


@dataclass(frozen=True)
class LegendEntry:
    tone: str
    label: str


@dataclass(frozen=True)
class RelationshipMap:
    layout: Layout
    width: float
    height: float
    nodes: tuple[MapNode, ...]
    lines: tuple[MapLine, ...]
    labels: tuple[MapLabel, ...]
    lanes: tuple[MapLane, ...]
    title: str
    description: str
    support_legend: tuple[LegendEntry, ...]
    role_legend: tuple[tuple[str, str], ...]  # (badge, label) of the roles on the map
    notes: tuple[str, ...]  # how to read size and lines


def stakeholder_flags(flags: tuple[Flag, ...]) -> tuple[Flag, ...]:
    """The deal's flags (as the engine raised them) that are about the customer's people."""
    return tuple(flag for flag in flags if flag.code in STAKEHOLDER_FLAG_CODES)


def relationship_map(deal: Deal, lang: Language) -> RelationshipMap | None:
    """The map of the deal's stakeholders, or None when the table is empty."""
    people = deal.stakeholders
    if not people:
        return None
    managers = reporting_lines(people)
    if any(manager is not None for manager in managers):
        layout: Layout = "org"
        nodes, lines, width, height = _org_chart(people, managers, lang)
        labels: tuple[MapLabel, ...] = ()
        lanes: tuple[MapLane, ...] = ()
    else:
        layout = "grid"
        nodes, labels, lanes, width, height = _grid(people, lang)
        lines = ()
    present = {p.role for p in people}
    roles = [code for code in ROLE_ORDER if code in present]
    w = WORDS
    title = f"{w['title'](lang)}: {len(people)} {w['people'](lang)}"
    summary = "; ".join(f"{n.name} ({n.badge or w['no_role'](lang)}, {n.influence}, {n.support})" for n in nodes)
    notes = (w["size"](lang), w["line"](lang)) if layout == "org" else (w["size"](lang),)
    return RelationshipMap(
        layout, width, height, nodes, lines, labels, lanes, title, f"{w[layout](lang)}. {summary}",
        support_legend=(*(LegendEntry(f"s{level}", _signed(level)) for level in range(-3, 4)),
                        LegendEntry("unknown", w["unknown"](lang))),
        role_legend=tuple((_badge(code, lang), ROLE_LABEL[lang][code].partition(" ")[2]) for code in roles),
        notes=notes,
    )


def reporting_lines(people: tuple[Stakeholder, ...]) -> list[int | None]:
    """Each person's manager as an index into `people`, or None: not given, not in the table, or themselves.

    Names match ignoring case and spacing; a duplicated name means its first row. A cycle of reporting lines
    is broken at the person of the cycle who comes first in the table, who then starts a tree.
    """
    first: dict[str, int] = {}
    for index, person in enumerate(people):
        first.setdefault(_fold(person.name), index)
    managers: list[int | None] = []
    for index, person in enumerate(people):
        manager = first.get(_fold(person.reports_to)) if _fold(person.reports_to) else None
        managers.append(None if manager == index else manager)
    settled: set[int] = set()  # people known to lead up to a top of the chart
    for start in range(len(people)):
        chain: list[int] = []
        on_chain: set[int] = set()
        at: int | None = start
        while at is not None and at not in settled and at not in on_chain:
            chain.append(at)
            on_chain.add(at)
            at = managers[at]
        if at is not None and at in on_chain:  # walked back into the chain: a cycle from `at` onwards
            managers[min(chain[chain.index(at):])] = None
        settled.update(chain)
    return managers


def _org_chart(people: tuple[Stakeholder, ...], managers: list[int | None],
               lang: Language) -> tuple[tuple[MapNode, ...], tuple[MapLine, ...], float, float]:
    reports: dict[int, list[int]] = {index: [] for index in range(len(people))}
    for index, manager in enumerate(managers):
        if manager is not None:
            reports[manager].append(index)
    roots = [index for index, manager in enumerate(managers) if manager is None]
    slots: dict[int, float] = {}  # centre x, in slots
    depth: dict[int, int] = {}
    next_leaf = 0.0

    for root in roots:  # leaves take the next free slot; a manager sits above the middle of their reports
        stack: list[tuple[int, int, bool]] = [(root, 0, False)]
        while stack:
            index, level, finished = stack.pop()
            children = reports[index]
            if finished:
                slots[index] = (slots[children[0]] + slots[children[-1]]) / 2
                continue
            depth[index] = level
            if not children:
                slots[index] = next_leaf
                next_leaf += 1
                continue
            stack.append((index, level, True))
            stack.extend((child, level + 1, False) for child in reversed(children))
    nodes = []
    for index, person in enumerate(people):
        width, height = NODE_SIZE.get(person.influence, NODE_SIZE[None])
        cx = MARGIN + slots[index] * SLOT + SLOT / 2
        cy = MARGIN + depth[index] * LEVEL + NODE_SIZE["high"][1] / 2
        nodes.append(_node(index, person, cx - width / 2, cy - height / 2, lang))
    lines = []
    for index, manager in enumerate(managers):
        if manager is None:
            continue
        top, bottom = nodes[manager], nodes[index]
        start_y = top.y + top.height
        middle = (start_y + bottom.y) / 2
        lines.append(MapLine(f"M{top.centre:.1f} {start_y:.1f}V{middle:.1f}H{bottom.centre:.1f}V{bottom.y:.1f}"))
    width = 2 * MARGIN + next_leaf * SLOT
    height = 2 * MARGIN + (max(depth.values()) + 1) * LEVEL - (LEVEL - NODE_SIZE["high"][1])
    return tuple(nodes), tuple(lines), width, height


def _grid(people: tuple[Stakeholder, ...], lang: Language
          ) -> tuple[tuple[MapNode, ...], tuple[MapLabel, ...], tuple[MapLane, ...], float, float]:
    role_order = ROLE_ORDER
    levels: list[str | None] = [*LEVELS, None]
    influence = [p.influence if p.influence in LEVEL_LABEL[lang] else None for p in people]
    rows = {level: sorted((i for i in range(len(people)) if influence[i] == level),
                          key=lambda i: (role_order.get(people[i].role or "", len(role_order)), i))
            for level in levels}
    unknown_support = [support_of(p) is None for p in people]
    known_most = max(sum(1 for i in row if not unknown_support[i]) for row in rows.values())
    unknown_most = max(sum(1 for i in row if unknown_support[i]) for row in rows.values())
    has_unknown = unknown_most > 0
    known_columns = max(1, min(known_most, PER_LINE - 1 if has_unknown else PER_LINE))
    unknown_columns = min(unknown_most, 2, PER_LINE - known_columns)
    known_x = MARGIN + LABEL_WIDTH
    unknown_x = known_x + known_columns * SLOT + MARGIN
    width = (unknown_x + unknown_columns * SLOT if has_unknown else known_x + known_columns * SLOT) + MARGIN
    nodes: list[MapNode] = []
    labels = [MapLabel(WORDS["influence"](lang), MARGIN + 8, MARGIN + 14),
              MapLabel(WORDS["known"](lang), known_x + 8, MARGIN + 14)]
    if has_unknown:
        labels.append(MapLabel(WORDS["unknown"](lang), unknown_x + 8, MARGIN + 14))
    lanes: list[MapLane] = []
    y = MARGIN + HEADER
    for level in levels:
        row = rows[level]
        if not row:
            continue
        known = [index for index in row if not unknown_support[index]]
        unknown = [index for index in row if unknown_support[index]]
        lines = max(-(-len(known) // known_columns), -(-len(unknown) // max(unknown_columns, 1)), 1)
        height = lines * LEVEL
        lanes.append(MapLane(MARGIN, y, width - 2 * MARGIN, height - 6, "row"))
        label = LEVEL_LABEL[lang][level] if level else WORDS["no_influence"](lang)
        labels.append(MapLabel(label, MARGIN + 8, y + LEVEL / 2 + 5))
        for group, left, per_line in ((known, known_x, known_columns), (unknown, unknown_x, unknown_columns)):
            for position, index in enumerate(group):
                person = people[index]
                box_width, box_height = NODE_SIZE[level]
                cx = left + (position % per_line) * SLOT + SLOT / 2
                cy = y + (position // per_line) * LEVEL + (LEVEL - 6) / 2
                nodes.append(_node(index, person, cx - box_width / 2, cy - box_height / 2, lang))
        y += height
    if has_unknown:
        lanes.append(MapLane(unknown_x - MARGIN / 2, MARGIN, width - unknown_x - MARGIN / 2, y - MARGIN - 6,
                             "unknown"))
    nodes.sort(key=lambda node: node.index)
    return tuple(nodes), tuple(labels), tuple(lanes), width, y + MARGIN


def _node(index: int, person: Stakeholder, x: float, y: float, lang: Language) -> MapNode:
    width, height = NODE_SIZE.get(person.influence, NODE_SIZE[None])
    level = support_of(person)
    rounded = 0 if level is None else round(level)
    name = " ".join(person.name.split()) or "?"
    roles, levels = ROLE_LABEL[lang], LEVEL_LABEL[lang]
    return MapNode(
        index=index, name=name, short_name=_fit(name, NAME_ROOM.get(person.influence, NAME_ROOM[None])),
        badge=_badge(person.role, lang),
        role=roles.get(person.role or "") or WORDS["no_role"](lang),
        influence=levels.get(person.influence or "") or WORDS["no_influence"](lang),
        support="?" if level is None else _signed(rounded), tone="unknown" if level is None else f"s{rounded}",
        x=round(x, 1), y=round(y, 1), width=width, height=height,
        box=Markup(f'x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}"'),
        name_at=Markup(f'x="{x + width / 2:.1f}" y="{y + height / 2 - 3:.1f}"'),
        meta_at=Markup(f'x="{x + width / 2:.1f}" y="{y + height / 2 + 13:.1f}"'),
    )


def _badge(role: str | None, lang: Language) -> str:
    """The role's abbreviation, the first word of its label (EB, TB, U, Cor, Coa, Inf); "" without a role."""
    label = ROLE_LABEL[lang].get(role or "")
    return label.split()[0] if label else ""


def _signed(level: int) -> str:
    return f"{level:+d}" if level else "0"


def _fit(name: str, room: float) -> str:
    """`name` cut to about `room` latin-letter widths (a CJK character counts two), ending in "…" when cut."""
    used = 0.0
    for position, char in enumerate(name):
        used += 2.0 if ord(char) > 0x2E80 else 1.0
        if used > room:
            return name[:max(position - 1, 1)] + "…"
    return name


def _fold(text: str) -> str:
    return "".join(text.split()).casefold()
