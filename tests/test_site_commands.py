"""`winplan demo`, `winplan build` and the page refresh behind `winplan serve`, through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.commands import demo, serve
from generator.config import DEFAULT_CONFIG
from generator.site import write_pages
from generator.site.publish import MANIFEST
from generator.site.render import blocks_folder
from generator.store import Store

AS_OF = "2026-11-20"


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(cli, ["demo", "--out", str(out), "--as-of", AS_OF, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Open " in result.output and str((out / "site" / "index.html").resolve()) in result.output
    return out


def test_demo_harvests_the_examples_and_builds_the_site(demo_folder: Path) -> None:
    site = demo_folder / "site"
    examples = sorted(demo.EXAMPLES.glob("*.xls*"))
    assert examples, "the example workbooks are part of the repository"
    assert (demo_folder / "winplan.sqlite").is_file()
    assert (site / "index.html").is_file()
    with Store.open(demo_folder / "winplan.sqlite", create=False) as store:
        latest = store.latest()
    assert latest is not None
    assert len(list((site / "accounts").glob("*.html"))) == len(latest.deals) > 0


def test_build_makes_the_site_from_a_database(demo_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["build", "--db", str(demo_folder / "winplan.sqlite"), "--out", str(out),
                                      "--lang", "zh", "--strict"])
    assert result.exit_code == 0, result.output
    assert "团队销售漏斗" in (out / "index.html").read_text(encoding="utf-8")


def test_build_without_a_database_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--db", str(tmp_path / "none.sqlite"), "--out", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert "no history database" in result.output and "winplan harvest" in result.output
    assert not (tmp_path / "s").exists()


def test_build_with_an_empty_database_is_a_usage_error(tmp_path: Path) -> None:
    Store.open(tmp_path / "empty.sqlite").close()
    result = CliRunner().invoke(cli, ["build", "--db", str(tmp_path / "empty.sqlite"), "--out", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert "no harvest yet" in result.output


def test_demo_without_examples_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "EXAMPLES", tmp_path / "nothing")
    result = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no example workbooks" in result.output


def test_serve_refresh_replaces_the_pages_after_a_new_harvest(demo_folder: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "accounts").mkdir()
    (docs / "accounts" / "gone.md").write_text("old", encoding="utf-8")
    serve._regenerate(demo_folder / "winplan.sqlite", docs, "en", DEFAULT_CONFIG)
    assert not (docs / "accounts" / "gone.md").exists()
    assert (docs / "index.md").is_file() and (blocks_folder(docs) / "index.md.json").is_file()
    assert not (tmp_path / "docs-next").exists()
    # The same pages a fresh build would write.
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    with Store.open(demo_folder / "winplan.sqlite", create=False) as store:
        write_pages(store.history(12), fresh, "en", DEFAULT_CONFIG)
    names = sorted(p.name for p in (docs / "accounts").iterdir())
    assert names == sorted(p.name for p in (fresh / "accounts").iterdir())


def test_build_refuses_to_empty_a_folder_that_is_not_a_site(demo_folder: Path, tmp_path: Path) -> None:
    precious = tmp_path / "work"
    precious.mkdir()
    (precious / "deal.xlsx").write_bytes(b"not really")
    result = CliRunner().invoke(cli, ["build", "--db", str(demo_folder / "winplan.sqlite"), "--out", str(precious)])
    assert result.exit_code == 2
    assert "not a winplan site" in result.output
    assert (precious / "deal.xlsx").read_bytes() == b"not really"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]  # no staging folder left beside it
    # A folder that holds a previous winplan site (its manifest lists what winplan wrote) is replaced.
    site = demo_folder / "site"
    assert (site / MANIFEST).is_file()
    again = CliRunner().invoke(cli, ["build", "--db", str(demo_folder / "winplan.sqlite"), "--out", str(site)])
    assert again.exit_code == 0, again.output
    assert (site / MANIFEST).is_file() and (site / "index.html").is_file()
