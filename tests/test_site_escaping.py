"""Escaping and slugs: workbook text stays text in HTML, front matter, URLs and chart data; slugs are safe."""

from __future__ import annotations

import json
import re

import markdown
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.site.blocks import fill_blocks, join_blocks, split_blocks
from generator.site.escaping import (
    front_matter_string,
    html_inline,
    html_text,
    safe_url,
    script_json,
)
from generator.site.slugs import SlugRegistry, deal_slug, readable, rep_slug
from tests.site_dataset import HOSTILE


def test_html_text_leaves_no_markup_or_template_syntax() -> None:
    for hostile in HOSTILE:
        escaped = str(html_text(hostile))
        assert "<" not in escaped and ">" not in escaped and "{" not in escaped and "}" not in escaped
        assert '"' not in escaped and "'" not in escaped


def test_html_text_keeps_line_breaks_and_drops_control_characters() -> None:
    assert str(html_text("a\nb\r\nc")) == "a<br>b<br>c"
    assert str(html_text("x\x00y\u202ez")) == "xyz"
    assert str(html_inline("a\n  b\u2028c")) == "a b c"


@given(st.text())
def test_front_matter_string_round_trips_through_yaml(text: str) -> None:
    quoted = str(front_matter_string(text))
    loaded = yaml.safe_load(f"title: {quoted}\n")["title"]
    assert loaded == str(html_inline(text))
    assert "<" not in loaded


def test_safe_url_accepts_only_plain_http_links() -> None:
    assert safe_url("https://example.com/a?b=c") == "https://example.com/a?b=c"
    assert safe_url("http://intranet/plan") == "http://intranet/plan"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "//evil.example/x",
                "https://user:pw@example.com/", "file:///etc/passwd", "https://exa mple.com", "ftp://x/y",
                " javascript:alert(1)", "https:/\\evil", ""):
        assert safe_url(bad) is None, bad


@given(st.recursive(st.text() | st.integers() | st.none(), lambda inner: st.lists(inner) | st.dictionaries(
    st.text(), inner), max_leaves=10))
def test_script_json_cannot_close_its_script_element(value: object) -> None:
    text = str(script_json(value))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


SLUG = re.compile(r"^[0-9a-z\u3400-\u4dbf\u4e00-\u9fff-]+$")


@given(st.text(), st.text(), st.text(min_size=1))
def test_deal_slugs_are_safe_file_names(customer: str, project: str, deal_id: str) -> None:
    slug = deal_slug(customer, project, deal_id)
    assert SLUG.match(slug), slug
    assert "/" not in slug and "\\" not in slug and not slug.startswith(("-", ".")) and ".." not in slug
    assert len(slug) <= 60
    assert slug == deal_slug(customer, project, deal_id)  # stable


def test_slugs_are_readable_for_chinese_and_hostile_names() -> None:
    assert deal_slug("华为技术", "财务系统升级", "ab12cd34-0000") == "华为技术-财务系统升级-ab12cd34"
    assert deal_slug("../../etc", "Passwd", "00000003-aaaa") == "etc-passwd-00000003"
    assert readable("<script>alert(1)</script>") == "script-alert-1-script"
    assert rep_slug("张伟").startswith("张伟-")
    assert rep_slug("张伟") != rep_slug("张 伟")
    assert readable("Müller Café") == "muller-cafe"


def test_registry_keeps_slugs_unique_and_stable_per_owner() -> None:
    registry = SlugRegistry()
    first = registry.claim("acme-1234abcd", "deal-a")
    second = registry.claim("acme-1234abcd", "deal-b")
    assert first == "acme-1234abcd" and second != first and second.startswith("acme-1234abcd-")
    assert registry.claim("acme-1234abcd", "deal-a") == first


def test_blocks_never_reach_markdown_and_come_back_unchanged() -> None:
    page = '---\ntitle: "x"\n---\n\n<div class="a">*not emphasis* &lt;b&gt;</div>\n\n## Heading\n\n<p>two</p>\n'
    source, blocks = split_blocks(page)
    assert blocks == ['<div class="a">*not emphasis* &lt;b&gt;</div>', "<p>two</p>"]
    assert "*not emphasis*" not in source and source.startswith('---\ntitle: "x"\n---\n')
    assert join_blocks(source, blocks).split() == page.split()
    html = fill_blocks(markdown.markdown(source.split("---\n", 2)[2]), blocks)
    assert "<em>" not in html and "*not emphasis*" in html and "<h2>Heading</h2>" in html
