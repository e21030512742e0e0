"""winplan installs like real software: the wheel carries every file a command reads, found by generator.resources.

The quick checks read pyproject.toml and this checkout; one test builds the wheel from a clean copy, checks its file
list and runs `winplan demo` from an empty folder with the unpacked wheel. The full install into a fresh virtual
environment, with every command, is .ci/wheel_smoke.sh (run by .ci/run).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner

from generator import resources
from generator.cli.commands import demo
from generator.cli.main import cli

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads(REPO.joinpath("pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
CODE_ROOTS = ("generator", "worksheets")
# What a copy of the checkout leaves out before building: build output, environments, caches, test JavaScript.
NOT_SOURCE = shutil.ignore_patterns(".git", "build", "dist", ".venv", "*.egg-info", "__pycache__", "node_modules",
                                    ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis", "winplan-demo")


def _code_packages() -> set[str]:
    """Every Python package of the checkout: a folder of generator/ or worksheets/ with an __init__.py."""
    return {".".join(init.parent.relative_to(REPO).parts)
            for root in CODE_ROOTS for init in REPO.joinpath(root).rglob("__init__.py")}


def _expected_wheel_files() -> dict[str, Path]:
    """Each file the wheel must hold (its path inside the wheel) and the checkout file it comes from."""
    expected: dict[str, Path] = {}
    for root in CODE_ROOTS:  # everything in the package folders: code, VBA source, data files, notes
        for source in REPO.joinpath(root).rglob("*"):
            if source.is_file() and "__pycache__" not in source.parts:
                expected[source.relative_to(REPO).as_posix()] = source
    for bundled, checkout in resources.BUNDLED:
        origin = REPO / checkout
        inside = f"generator/resources/{bundled}"
        if origin.is_file():
            expected[inside] = origin
        else:
            for source in origin.rglob("*"):
                if source.is_file() and "__pycache__" not in source.parts:
                    expected[f"{inside}/{source.relative_to(origin).as_posix()}"] = source
    return expected


def test_the_wheel_lists_every_package_of_the_checkout() -> None:
    listed = set(SETUPTOOLS["packages"])
    data_only = set(SETUPTOOLS["package-dir"])
    missing = _code_packages() - listed
    assert not missing, f"add {sorted(missing)} to [tool.setuptools] packages in pyproject.toml"
    assert listed - data_only == _code_packages(), "pyproject.toml lists a package that does not exist"


def test_pyproject_maps_each_resource_to_where_generator_resources_looks() -> None:
    for bundled, checkout in resources.BUNDLED:
        package, *rest = PurePosixPath(bundled).parts
        name = f"generator.resources.{package}"
        assert name in SETUPTOOLS["packages"], name
        folder = SETUPTOOLS["package-dir"][name]
        assert PurePosixPath(folder, *rest) == PurePosixPath(checkout), (bundled, folder, checkout)
        assert SETUPTOOLS["package-data"][name], f"{name} ships no files"


def test_a_checkout_finds_every_resource_in_place() -> None:
    site = resources.site_sources()
    assert site == REPO / "site_src"
    assert (site / "templates" / "overview.md.j2").is_file() and (site / "overrides" / "main.html").is_file()
    assert {page.name for page in (site / "pages" / "en").glob("*.md")} >= {"about.md", "methodology.md"}
    assert (site / "assets" / "winplan.css").is_file()
    assert resources.mkdocs_base() == REPO / "mkdocs.yml"
    assert resources.example_workbooks() == REPO / "examples" / "workbooks"
    assert len(list(resources.example_workbooks().glob("*.xlsx"))) == 16
    assert {path.name for path in resources.blank_templates().glob("winplan-template-*")} == {
        f"winplan-template-{lang}.{suffix}" for lang in ("zh", "en") for suffix in ("xlsx", "xlsm")}
    assert list(resources.vba_sources().glob("*.bas"))


def test_demo_right_after_an_install_harvests_every_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An install writes the examples seconds before the demo reads them; they are not files being saved."""
    fresh = tmp_path / "installed-examples"
    shutil.copytree(resources.example_workbooks(), fresh)
    now = time.time()
    for workbook in fresh.iterdir():
        os.utime(workbook, (now, now))
    monkeypatch.setattr(demo, "EXAMPLES", fresh)
    result = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path / "out"), "--lang", "en", "--as-of", "2026-11-20"])
    assert result.exit_code == 0, result.output
    pages = list((tmp_path / "out" / "site" / "accounts").glob("*.html"))
    assert len(pages) == len(list(fresh.glob("*.xlsx"))) == 16


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a clean copy of this checkout (no stale build/ folder can fill in a missing file)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    shutil.copytree(REPO, source, ignore=NOT_SOURCE)
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(source), "-w",
                             str(work / "dist")], capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = (work / "dist").glob("winplan-*.whl")
    return built


def test_the_wheel_holds_every_file_a_command_reads(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        missing = sorted(set(_expected_wheel_files()) - names)
        assert not missing, f"the wheel lacks {missing}"
        for inside, source in _expected_wheel_files().items():
            assert archive.read(inside) == source.read_bytes(), inside
    stray = sorted(name for name in names if not name.startswith("winplan-0.1.0.dist-info/")
                   and name not in _expected_wheel_files())
    assert not stray, f"the wheel holds files from outside the package's sources: {stray}"


def test_the_unpacked_wheel_runs_the_demo_from_an_empty_folder(wheel: Path, tmp_path: Path) -> None:
    installed, empty = tmp_path / "site-packages", tmp_path / "empty"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)  # what pip does with a pure-Python wheel
    empty.mkdir()
    environment = {**os.environ, "PYTHONPATH": str(installed)}
    where = subprocess.run(
        [sys.executable, "-c", "from generator import resources; print(resources.site_sources()); "
                               "print(resources.mkdocs_base()); print(resources.example_workbooks())"],
        cwd=empty, env=environment, capture_output=True, text=True, timeout=120, check=True)
    for found in where.stdout.split():
        assert Path(found).is_relative_to(installed / "generator" / "resources"), where.stdout
    result = subprocess.run([sys.executable, "-m", "generator", "demo", "--lang", "en", "--as-of", "2026-11-20"],
                            cwd=empty, env=environment, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (empty / "winplan-demo" / "site" / "index.html").is_file()
    assert len(list((empty / "winplan-demo" / "site" / "accounts").glob("*.html"))) == 16
    # The installed winplan is the MkDocs plugin `winplan`: a hand-written mkdocs.yml builds the site of a database.
    site_src = installed / "generator" / "resources" / "site_src"
    (empty / "mkdocs.yml").write_text(
        f"site_name: Team\ndocs_dir: {site_src / 'pages' / 'en'}\nsite_dir: by-hand\nuse_directory_urls: false\n"
        f"theme:\n  name: material\n  language: en\n  custom_dir: {site_src / 'overrides'}\n"
        "plugins:\n  - search\n  - winplan:\n      db: winplan-demo/winplan.sqlite\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=empty, env=environment,
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list((empty / "by-hand" / "accounts").glob("*.html"))) == 16
    assert (empty / "by-hand" / "assets" / "winplan.css").is_file()
