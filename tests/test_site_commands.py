"""`winplan demo`, `winplan build` and the page refresh behind `winplan serve`, through the real CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from terminal import run_on_a_terminal

from generator.cli.commands import demo, serve
from generator.cli.main import cli
from generator.core.config import DEFAULT_CONFIG
from generator.site import generated_pages
from generator.site.publish import MANIFEST
from generator.store import Store

AS_OF = "2026-11-20"
REPO = Path(__file__).resolve().parent.parent


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


def test_serve_refresh_reads_the_database_again_and_keeps_the_last_pages_when_it_cannot(
        demo_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "winplan.sqlite"
    shutil.copyfile(demo_folder / "winplan.sqlite", db)
    pages = serve.fresh_pages(db, "en", DEFAULT_CONFIG)
    assert pages is not None
    with Store.open(db, create=False) as store:
        expected = generated_pages(store.history(12), "en", DEFAULT_CONFIG)
        deals = len(store.latest().deals)  # type: ignore[union-attr]
    assert pages.markdown == expected.markdown and pages.blocks == expected.blocks
    assert len([page for page in pages.markdown if page.startswith("accounts/")]) == deals
    db.write_bytes(b"not a database, as if a harvest were writing it")
    assert serve.fresh_pages(db, "en", DEFAULT_CONFIG) is None
    said = capsys.readouterr().err
    assert f"could not refresh from {db}" in said and "last good pages" in said


def test_build_on_a_terminal_shows_pages_done_of_the_total(demo_folder: Path, tmp_path: Path) -> None:
    """Progress goes to stderr only when it is a terminal (here a pseudo-terminal); the summary line stays."""
    code, text, stdout = run_on_a_terminal("build", "--db", str(demo_folder / "winplan.sqlite"),
                                           "--out", str(tmp_path / "site"), "--lang", "en")
    assert code == 0, text
    with Store.open(demo_folder / "winplan.sqlite", create=False) as store:
        deals = len(store.latest().deals)  # type: ignore[union-attr]
        generated = len(generated_pages(store.history(12), "en", DEFAULT_CONFIG))
    assert "pages rendered" in text and "pages written" in text, text
    assert f"{generated}/{generated}" in text, text  # every generated page rendered, of the total
    assert f"Built {deals} account pages" in stdout


def test_build_not_on_a_terminal_shows_no_progress(demo_folder: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--db", str(demo_folder / "winplan.sqlite"),
         "--out", str(tmp_path / "site"), "--lang", "en"], cwd=REPO, capture_output=True, text=True, timeout=300,
        check=False)
    assert result.returncode == 0, result.stderr
    assert "pages rendered" not in result.stderr and "pages written" not in result.stderr
    assert "Built " in result.stdout and "generated pages" in result.stdout


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
