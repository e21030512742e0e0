"""Search finds the newest methodology sections of an account page (software strength, buying decision factors,
segment upgrade): each gets an entry of its own, anchored where the page shows the section, holding the text the
page shows, and none when the page leaves the section out."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import unquote

import pytest

from generator.core.config import DEFAULT_CONFIG
from generator.core.i18n import Language
from generator.core.model import Deal, DecisionFactor
from generator.site import generated_pages
from generator.site.context.account import build_account
from generator.site.context.common import build_index
from generator.site.search_entries import account_entries
from tests.site_dataset import AS_OF, current_deals, harvest_of

NEW_SECTIONS = ("s-software_strength", "s-decision_factors", "s-segment_upgrade")


def _entries(deal: Deal, lang: Language = "en") -> dict[str, dict[str, str]]:
    """The deal's account entries by anchor ("" for the page itself)."""
    index = build_index(harvest_of(1, AS_OF, [deal]), lang, DEFAULT_CONFIG)
    account = build_account(index.deals[0], [], index, lang)
    return {entry["location"].partition("#")[2]: entry for entry in account_entries(account, lang)}


def test_a_software_strength_conclusion_finds_the_accounts_section() -> None:
    entry = _entries(current_deals()[0])["s-software_strength"]
    assert entry["title"].endswith(" · Software strength")
    for text in ("综合实力", "品牌 <b>强</b>", "对手2领先", "Trail", "产品与技术", "领先", "Lead"):
        assert text in entry["text"], text


def test_a_decision_factor_note_finds_the_accounts_section() -> None:
    entry = _entries(current_deals()[0])["s-decision_factors"]
    assert entry["title"].endswith(" · Buying decision factors")
    for text in ("购买的重要性与紧迫程度", "Favourable", "上市 <script>alert(10)</script>", "超预算", "Unfavourable"):
        assert text in entry["text"], text
    assert "–" not in entry["text"]  # the unmarked factor's dash is not searched


@pytest.mark.parametrize(("lang", "title", "move"), [("en", "Segment upgrade", "B A · move up"),
                                                     ("zh", "客户升级", "B A · 升级")])
def test_an_upgrade_strategy_finds_the_accounts_section(lang: Language, title: str, move: str) -> None:
    entry = _entries(current_deals()[1], lang)["s-segment_upgrade"]  # 华为技术: from segment B to A
    assert entry["title"].endswith(f" · {title}")
    assert "以财务共享为标杆, 争取集团合作" in entry["text"] and move in entry["text"]


def test_a_deal_that_leaves_the_sections_out_has_no_entries_for_them() -> None:
    deal = current_deals()[2]
    assert not any(key in _entries(deal) for key in NEW_SECTIONS)
    # Decision factors the template prefills, with neither a mark nor a note, are not shown and not searched.
    unmarked = replace(deal, decision_factors=(DecisionFactor("购买金额"), DecisionFactor("购买的技术含量")))
    assert "s-decision_factors" not in _entries(unmarked)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_section_entry_leads_to_an_anchor_on_its_page(lang: Language) -> None:
    docs = generated_pages([harvest_of(1, AS_OF, current_deals())], lang, DEFAULT_CONFIG)
    found = set()
    for entry in docs.search_entries:
        page, _, anchor = entry["location"].partition("#")
        if anchor:
            assert f'<a id="{anchor}"></a>' in docs.page(unquote(page).removesuffix(".html") + ".md"), entry["location"]
            found.add(anchor)
    assert set(NEW_SECTIONS) <= found
