"""The Lite Score entry in real Pyodide (the runtime xlwings Lite uses), run by Node, offline.

Pyodide comes from the `pyodide` npm package (tests/package.json, `npm ci` in tests/); nothing is fetched.
The lite wheel (generator/workbook/lite_wheel.py) is installed by Pyodide's own `loadPackage` from the local file, so
Pyodide has winplan's scoring core and nothing of the CLI: no click, calamine, mkdocs, jieba or plotly exists in
it. xlwings' Python code (identical to its py3-none-any wheel on PyPI, which is what Pyodide installs; the Linux
wheel adds only a compiled `xlwingslib`, left out here), openpyxl and et_xmlfile are copied into site-packages.
xlwings Lite hands the script a Book backed by Office.js; here the Book comes from tests/xlwings_openpyxl_engine.py,
the same xlwings Book/Sheet/Range layer over a real file (see worksheets/TESTING.md).

The workbook the entry scored in Pyodide must then hold exactly what `winplan check --json` computes for it.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from score_button_workbooks import input_fingerprint, opened, output_cells

from generator.cli.main import cli
from generator.workbook.lite_wheel import lite_modules, lite_wheel_bytes, wheel_name
from worksheets.score_button import score_book

TESTS = Path(__file__).resolve().parent
PYODIDE = TESTS / "node_modules" / "pyodide"
EXAMPLES = TESTS.parent / "examples" / "workbooks"
# One Chinese and one English example, both fully filled; each Pyodide start costs ~10-15 s on the CI machine.
CASES = ("01-华东重工集团-ERP-二期-替换老系统.xlsx", "11-Pacific-Components-Ltd-Global-ERP-rollout.xlsx")
PURE_PACKAGES = ("xlwings", "openpyxl", "et_xmlfile")
NOT_IN_THE_LITE_WHEEL = ("python_calamine", "mkdocs", "jieba", "plotly", "click", "jinja2", "xlsxwriter", "olefile")

RUNNER = textwrap.dedent("""
    import { loadPyodide } from "PYODIDE_MJS";
    const [host, wheel] = process.argv.slice(2);
    const pyodide = await loadPyodide({ indexURL: "PYODIDE_DIR/", stdout: (line) => console.error(line) });
    pyodide.FS.mkdir("/host");
    pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: host }, "/host");
    await pyodide.loadPackage(wheel, { messageCallback: (line) => console.error(line) });
    const script = await import("node:fs").then((fs) => fs.readFileSync(host + "/lite_run.py", "utf8"));
    process.stdout.write(pyodide.runPython(script));
""")

LITE_RUN = textwrap.dedent("""
    import importlib.metadata
    import json
    import shutil
    import sys
    from datetime import date
    from pathlib import Path

    site_packages = Path(next(path for path in sys.path if path.endswith("site-packages")))
    for package in PURE_PACKAGES:
        shutil.copytree(f"/host/pure/{package}", site_packages / package)
    sys.path.append("/host/engine")

    import xlwings_openpyxl_engine as engine
    from worksheets import score_button
    from worksheets.lite import main as lite

    outcomes = []
    entry_score_book = lite.score_book

    def recording(book, **options):
        outcome = entry_score_book(book, **options)
        outcomes.append(outcome)
        return outcome

    lite.score_book = recording  # observe what the unchanged Lite entry computes
    book = engine.open_book(Path("/host/deal.xlsx"))
    try:
        lite.score(book)
        book.save()
    finally:
        book.close()
    (outcome,) = outcomes
    loaded = sorted({name.split(".")[0] for name in sys.modules})
    json.dumps({
        "platform": sys.platform,
        "python": sys.version.split()[0],
        "as_of": date.today().isoformat(),
        "scored": outcome.scored,
        "message": outcome.message,
        "scores": outcome.scorecard.to_dict() if outcome.scorecard else None,
        "lite_requires": importlib.metadata.requires("winplan-lite"),
        "score_button_file": score_button.__file__,
        "loaded": loaded,
    }, ensure_ascii=False, default=str)
""")


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin is not None, f"{name} is not installed"
    return Path(spec.origin).parent


def _copy_pure_python(name: str, target: Path) -> None:
    shutil.copytree(_package_dir(name), target / name,
                    ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd", "*.dylib"))


def _run_in_pyodide(node: str, host: Path, wheel: Path) -> dict[str, object]:
    runner = host / "run.mjs"
    runner.write_text(RUNNER.replace("PYODIDE_MJS", (PYODIDE / "pyodide.mjs").as_uri())
                      .replace("PYODIDE_DIR", str(PYODIDE)), encoding="utf-8")
    (host / "lite_run.py").write_text(f"PURE_PACKAGES = {PURE_PACKAGES!r}\n" + LITE_RUN, encoding="utf-8")
    result = subprocess.run([node, str(runner), str(host), str(wheel)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-4000:]
    answer: dict[str, object] = json.loads(result.stdout)
    return answer


@pytest.fixture
def node(require_tool: Callable[[str], str]) -> str:
    found = require_tool("node")
    if not (PYODIDE / "pyodide.mjs").is_file():
        pytest.fail("tests/node_modules/pyodide is missing: run `npm ci` in tests/ (.ci/run does)")
    return found


IMPORTED_BY_THE_LITE_ENTRY = textwrap.dedent("""
    import json, sys
    import worksheets.lite.main
    print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in ("generator", "worksheets"))))
""")


def write_lite_wheel(folder: Path) -> Path:
    """Write the lite wheel into `folder`, as `winplan build` offers it for download, and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / wheel_name()
    target.write_bytes(lite_wheel_bytes())
    return target


def test_lite_wheel_holds_exactly_the_lite_entrys_modules(tmp_path: Path, repo: Path) -> None:
    imported = subprocess.run([sys.executable, "-c", IMPORTED_BY_THE_LITE_ENTRY], cwd=repo, capture_output=True,
                              text=True, timeout=120, check=True)
    wheel = write_lite_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        dist_info = next(name.split("/")[0] for name in names if name.endswith(".dist-info/METADATA"))
        metadata = archive.read(f"{dist_info}/METADATA").decode()
        wheel_file = archive.read(f"{dist_info}/WHEEL").decode()
        record = archive.read(f"{dist_info}/RECORD").decode().splitlines()
    modules = {name.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
               for name in names if name.endswith(".py")}
    assert modules == set(json.loads(imported.stdout)) == set(lite_modules())
    assert {"worksheets.lite.main", "generator.scoring", "generator.reader.parse"} <= modules
    assert not any(module.startswith(("generator.site", "generator.cli.main", "generator.cli.commands",
                                      "generator.reader.calamine_backend", "generator.store")) for module in modules)
    assert "Tag: py3-none-any" in wheel_file and "Root-Is-Purelib: true" in wheel_file
    requires = [line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    assert [requirement.split(">")[0] for requirement in requires] == ["xlwings"]
    assert {row.split(",")[0] for row in record} == set(names)
    assert write_lite_wheel(tmp_path / "again").read_bytes() == wheel.read_bytes()  # reproducible


@pytest.mark.parametrize("example", CASES, ids=["zh", "en"])
def test_lite_entry_in_pyodide_scores_like_winplan_check(node: str, tmp_path: Path, example: str) -> None:
    host = tmp_path / "host"
    host.mkdir()
    wheel = write_lite_wheel(host / "wheels")
    for package in PURE_PACKAGES:
        _copy_pure_python(package, host / "pure")
    (host / "engine").mkdir()
    shutil.copy(TESTS / "xlwings_openpyxl_engine.py", host / "engine")
    deal = Path(shutil.copyfile(EXAMPLES / example, host / "deal.xlsx"))
    before = input_fingerprint(deal)

    ran = _run_in_pyodide(node, host, wheel)

    assert ran["platform"] == "emscripten"
    assert str(ran["score_button_file"]).startswith("/lib/python")  # installed from the wheel, not the checkout
    assert not set(NOT_IN_THE_LITE_WHEEL) & set(ran["loaded"])  # type: ignore[arg-type]
    assert [requirement.split(">")[0] for requirement in ran["lite_requires"]] == ["xlwings"]  # type: ignore[union-attr]
    assert ran["scored"] is True, ran["message"]

    as_of = date.fromisoformat(str(ran["as_of"]))
    result = CliRunner().invoke(cli, ["check", "--json", "--as-of", as_of.isoformat(), str(deal)])
    assert result.exit_code == 0, result.output
    checked = json.loads(result.output)["workbooks"][0]
    assert ran["scores"] == checked["scores"]
    assert checked["scores"] is not None
    assert checked["stale_scores"] is False  # the cells Pyodide wrote are the ones check recomputes
    assert input_fingerprint(deal) == before

    on_linux = Path(shutil.copyfile(EXAMPLES / example, tmp_path / "linux.xlsx"))
    with opened(on_linux) as book:
        score_book(book, as_of=as_of)
    assert output_cells(deal) == output_cells(on_linux)
