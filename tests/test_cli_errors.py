"""User mistakes on the command line end in one sentence and exit 2, never a traceback.

"Read-only" places are real ones, not mocks: a parent that is a regular file (any OS), and /sys, where Linux
refuses to make folders even for root (the tests run as root, so file permissions alone would not refuse).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from harvest_workbooks import age
from reader_workbooks import filled_workbook

from generator.cli.main import cli, exit_code
from generator.core.errors import (
    ConfigError,
    NothingHarvested,
    ProblemsFound,
    SiteBuildError,
    StoreError,
    UnreadableWorkbook,
    WinplanError,
)
from generator.site.publish import PublishError
from generator.store import Store

SYS = Path("/sys")
AS_OF = "2026-11-23"
REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "workbooks"


def _sys_writable() -> bool:
    try:
        (SYS / "winplan-probe").mkdir()
    except OSError:
        return False
    (SYS / "winplan-probe").rmdir()
    return True


@pytest.fixture(autouse=True)
def _working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _invoke(*arguments: str) -> Result:
    return CliRunner().invoke(cli, list(arguments))


def _assert_sentence(result: Result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A history database with one harvest of the example workbooks."""
    path = tmp_path_factory.mktemp("errors-db") / "winplan.sqlite"
    result = CliRunner().invoke(cli, ["harvest", str(EXAMPLES), "--db", str(path), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    return path


def _new(out: Path) -> tuple[str, ...]:
    return ("new", "华能集团", "--project", "ERP", "--rep", "张伟", "--out", str(out))


@pytest.mark.parametrize("command", ["templates", "new", "build", "demo"])
def test_an_output_folder_below_a_file_is_one_sentence(command: str, tmp_path: Path, db: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder")
    out = blocker / "out"
    arguments = {"templates": ("templates", "--out", str(out)), "new": _new(out),
                 "build": ("build", "--db", str(db), "--out", str(out)),
                 "demo": ("demo", "--out", str(out), "--as-of", AS_OF)}[command]
    _assert_sentence(_invoke(*arguments), "cannot create the", str(out), f"{blocker} is a file, not a folder")
    assert blocker.read_text() == "a file, not a folder"


@pytest.mark.skipif(not SYS.is_dir() or _sys_writable(), reason="needs Linux /sys, where folders cannot be made")
@pytest.mark.parametrize("command", ["templates", "new"])
def test_an_output_folder_in_a_read_only_place_is_one_sentence(command: str) -> None:
    out = SYS / "winplan-out"
    arguments = ("templates", "--out", str(out)) if command == "templates" else _new(out)
    _assert_sentence(_invoke(*arguments), "cannot create the", str(out), "choose another --out")
    assert not out.exists()


def test_templates_over_a_folder_with_a_template_s_name_is_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "out" / "winplan-template-zh.xlsx").mkdir(parents=True)
    _assert_sentence(_invoke("templates", "--out", str(tmp_path / "out"), "--lang", "zh"),
                     "cannot write", "winplan-template-zh.xlsx")


def test_export_into_a_missing_folder_creates_it(tmp_path: Path, db: Path) -> None:
    target = tmp_path / "reports" / "2026" / "pipeline.json"
    result = _invoke("export", "--db", str(db), "--format", "json", "--out", str(target))
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8"))  # a real export, not an empty file


def test_export_below_a_file_is_one_sentence(tmp_path: Path, db: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x")
    _assert_sentence(_invoke("export", "--db", str(db), "--format", "xlsx", "--out", str(blocker / "p.xlsx")),
                     f"{blocker} is a file, not a folder")


@pytest.mark.parametrize("command", ["build", "export", "serve"])
def test_a_missing_database_is_one_sentence(command: str, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite"
    arguments = ["--db", str(missing)] + (["--format", "csv"] if command == "export" else [])
    _assert_sentence(_invoke(command, *arguments), str(missing))
    assert not missing.exists()


@pytest.mark.parametrize("command", ["build", "export"])
def test_an_empty_file_given_as_database_is_left_alone(command: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    arguments = ["--db", str(empty)] + (["--format", "csv"] if command == "export" else [])
    _assert_sentence(_invoke(command, *arguments), str(empty))
    assert empty.stat().st_size == 0  # reading never turns a user's file into a database


def test_a_database_that_is_not_one_is_one_sentence(tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_text("meeting notes")
    _assert_sentence(_invoke("build", "--db", str(notes)), "not a winplan history database")
    assert notes.read_text() == "meeting notes"


def test_a_database_in_a_missing_folder_or_on_a_folder_is_one_sentence(tmp_path: Path) -> None:
    _assert_sentence(_invoke("harvest", str(EXAMPLES), "--db", str(tmp_path / "no" / "h.sqlite")), "does not exist")
    _assert_sentence(_invoke("harvest", str(EXAMPLES), "--db", str(tmp_path)), "is a directory")


def test_missing_inputs_are_one_sentence(tmp_path: Path) -> None:
    _assert_sentence(_invoke("check", str(tmp_path / "missing.xlsx")), "missing.xlsx")
    _assert_sentence(_invoke("harvest", str(tmp_path / "missing")), "no such folder")
    _assert_sentence(_invoke("--config", str(tmp_path / "missing.toml"), "templates"), "no such file")


@pytest.mark.parametrize("address", ["nonsense", "127.0.0.1:99999", "127.0.0.1:"])
def test_a_bad_serve_address_is_one_sentence(address: str, db: Path) -> None:
    _assert_sentence(_invoke("serve", "--db", str(db), "--dev-addr", address), "IP:PORT")



@pytest.mark.parametrize("arguments", [
    ("", "--project", "ERP", "--rep", "张伟"),
    ("华能", "--project", " ", "--rep", "张伟"),
    ("华能", "--project", "ERP", "--rep", ""),
])
def test_a_new_deal_without_a_name_is_one_sentence(arguments: tuple[str, ...], tmp_path: Path) -> None:
    _assert_sentence(_invoke("new", *arguments, "--out", str(tmp_path / "deals")), "is empty")
    assert not (tmp_path / "deals").exists()


def test_domain_errors_are_plain_exceptions_that_need_no_click() -> None:
    """The library raises plain exceptions; only generator.cli.main knows click (and the exit codes)."""
    code = ("import sys\nsys.modules['click'] = None\n"
            "import generator.core.errors, generator.core.config, generator.store\n"
            "from generator.core.errors import WinplanError\n"
            "assert not any(kind.__module__.startswith('click') for kind in WinplanError.__mro__)\n")
    completed = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr


@pytest.mark.parametrize(("error", "code"), [
    (WinplanError("x"), 2), (ConfigError("x"), 2), (StoreError("x"), 2), (PublishError("x"), 2),
    (NothingHarvested("x"), 1), (SiteBuildError("x"), 1), (ProblemsFound(), 1), (UnreadableWorkbook(), 2),
])
def test_each_error_has_its_exit_code_in_one_table(error: WinplanError, code: int) -> None:
    assert exit_code(error) == code


def test_a_config_error_from_any_command_is_one_line_and_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "team.toml"
    config.write_text("[thresholds]\nstale_days = 14.5\n", encoding="utf-8")
    for command in (["check", "missing.xlsx"], ["harvest", str(tmp_path)], ["build"], ["demo"]):
        result = _invoke("--config", str(config), *command)
        assert result.exit_code == 2, (command, result.output)
        assert result.output == f"Error: {config}: [thresholds] stale_days: must be a whole number of days, not 14.5\n"


def test_a_strict_check_with_problems_adds_nothing_to_its_report(tmp_path: Path) -> None:
    """--strict changes only the exit code: the report names the problems, no 'Error:' line follows it."""
    bad = filled_workbook(tmp_path / "bad.xlsx", "en", {"amount": "lots"})
    lenient, strict = _invoke("check", "--as-of", AS_OF, str(bad)), _invoke("check", "--as-of", AS_OF, "--strict",
                                                                            str(bad))
    assert (lenient.exit_code, strict.exit_code) == (0, 1)
    assert strict.output == lenient.output and "Error:" not in strict.output
    unreadable = tmp_path / "empty.xlsx"
    unreadable.write_bytes(b"")
    result = _invoke("check", "--as-of", AS_OF, str(unreadable))
    assert result.exit_code == 2 and "[empty-file]" in result.output and "Error:" not in result.output


def test_a_strict_harvest_with_problems_keeps_the_snapshot_it_stored(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    bad = filled_workbook(share / "bad.xlsx", "en", {"amount": "lots"})
    age(bad)
    db = tmp_path / "new.sqlite"
    result = _invoke("harvest", str(share), "--db", str(db), "--as-of", AS_OF, "--strict")
    assert result.exit_code == 1 and "Error:" not in result.output, result.output
    assert "Traceback" not in result.output
    with Store.open(db, create=False) as store:
        latest = store.latest()
    assert latest is not None and len(latest.workbooks) == 1
