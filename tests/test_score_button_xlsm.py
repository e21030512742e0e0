"""The .xlsm templates: VBA built from the repo's source, a Score button on every sheet bound to a real Sub,
and LibreOffice keeping both when it opens and re-saves the file."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from oletools.olevba import VBA_Parser
from score_button_workbooks import template_xlsm

from generator import spec
from generator.commands.templates import run as write_templates
from generator.i18n import LANGUAGES, Language
from generator.vba_project import (
    SCORE_MACRO,
    SCORE_MODULE,
    XLWINGS_MODULE,
    build_vba_project,
    winplan_vba_sources,
    xlwings_vba_source,
)

MACRO = re.compile(r"<x:FmlaMacro>(.*?)</x:FmlaMacro>")
CONTROL_MACRO = re.compile(r'<controlPr\b[^>]*\bmacro="([^"]+)"')


def vba_modules(path: Path) -> dict[str, str]:
    """Module name -> code, as olevba (oletools) extracts it from the file."""
    parser = VBA_Parser(str(path))
    try:
        return {Path(vba_filename).stem: code for _, _, vba_filename, code in parser.extract_macros()}
    finally:
        parser.close()


def comparable(source: str) -> str:
    """Module text without the Attribute lines (olevba hides them) and with one kind of line end."""
    lines = source.replace("\r\n", "\n").split("\n")
    return "\n".join(line for line in lines if not line.startswith("Attribute VB_")).strip()


def public_subs(modules: dict[str, str]) -> set[str]:
    """Every Sub a button may name: "Module.Sub" always, and "Sub" alone for public ones."""
    subs: set[str] = set()
    for module, code in modules.items():
        for match in re.finditer(r"^\s*(Public\s+|Private\s+)?Sub\s+(\w+)\s*\(", code, re.MULTILINE):
            subs.add(f"{module}.{match.group(2)}")
            if (match.group(1) or "").strip() != "Private":
                subs.add(match.group(2))
    return subs


def button_macros(path: Path) -> dict[str, list[str]]:
    """Sheet part -> macro names of its form-control buttons (VML, and x14 controls where present)."""
    macros: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8", "replace")
            if name.startswith("xl/drawings/vmlDrawing"):
                macros[name] = [m.removeprefix("[0]!") for m in MACRO.findall(text)]
            elif name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
                found = CONTROL_MACRO.findall(text)
                if found:
                    macros[name] = found
    return macros


@pytest.mark.parametrize("lang", LANGUAGES)
def test_vba_in_the_template_is_the_repos_source(lang: Language) -> None:
    modules = vba_modules(template_xlsm(lang))
    for name, source in winplan_vba_sources().items():
        assert comparable(modules[name]) == comparable(source), name
    assert comparable(modules[XLWINGS_MODULE]) == comparable(xlwings_vba_source())
    # Excel expects a document module for the workbook and each sheet, named as the template's code names.
    expected_documents = {"ThisWorkbook"} | {f"Sheet{n}" for n in range(1, len(spec.SHEETS) + 1)}
    assert expected_documents <= modules.keys()


def test_committed_templates_are_what_winplan_templates_writes(tmp_path: Path) -> None:
    """xlsx_templates/*.xlsm are current: regenerate with `winplan templates --out xlsx_templates` and commit."""
    written = write_templates(tmp_path, LANGUAGES)
    for lang in LANGUAGES:
        fresh, committed = tmp_path / f"winplan-template-{lang}.xlsm", template_xlsm(lang)
        assert fresh in written
        with zipfile.ZipFile(fresh) as new, zipfile.ZipFile(committed) as old:
            assert new.namelist() == old.namelist()
            for member in new.namelist():
                if member != "xl/vbaProject.bin":  # compared by module text below, not by container bytes
                    assert new.read(member) == old.read(member), f"{committed.name}: {member} is out of date"
        assert {k: comparable(v) for k, v in vba_modules(fresh).items()} == {
            k: comparable(v) for k, v in vba_modules(committed).items()
        }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_sheet_has_a_score_button_naming_an_existing_sub(lang: Language) -> None:
    path = template_xlsm(lang)
    macros = button_macros(path)
    assert len(macros) == len(spec.SHEETS)
    subs = public_subs(vba_modules(path))
    assert SCORE_MACRO in subs and f"{SCORE_MODULE}.{SCORE_MACRO}" in subs
    for part, names in macros.items():
        assert names and all(name in subs for name in names), (part, names)


def test_the_vba_source_is_ascii() -> None:
    """The VBA project uses code page 1252; non-ASCII text in a module would turn into question marks."""
    for name, source in winplan_vba_sources().items():
        assert source.isascii(), name


def test_build_vba_project_round_trips_any_module(tmp_path: Path) -> None:
    source = 'Attribute VB_Name = "Probe"\nOption Explicit\n\nPublic Sub Hello()\n    MsgBox "hi"\nEnd Sub\n'
    project = tmp_path / "vbaProject.bin"
    project.write_bytes(build_vba_project({"Probe": source}, sheet_count=2))
    modules = vba_modules(project)
    assert comparable(modules["Probe"]) == comparable(source)
    assert {"ThisWorkbook", "Sheet1", "Sheet2"} <= modules.keys()
    assert "Sheet3" not in modules


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang", LANGUAGES)
def test_libreoffice_keeps_the_vba_and_the_button_binding(tmp_path: Path, lang: Language,
                                                         require_tool: Callable[[str], str]) -> None:
    soffice = require_tool("soffice")
    source = tmp_path / "in" / f"deal-{lang}.xlsm"
    source.parent.mkdir()
    shutil.copyfile(template_xlsm(lang), source)
    out = tmp_path / "out"
    result = subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "xlsm:Calc MS Excel 2007 VBA XML", "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=240,
    )
    resaved = out / source.name
    assert resaved.exists(), result.stdout + result.stderr

    modules = vba_modules(resaved)
    assert comparable(modules[SCORE_MODULE]) == comparable(winplan_vba_sources()[SCORE_MODULE])
    subs = public_subs(modules)
    macros = button_macros(resaved)
    bound = [name for names in macros.values() for name in names]
    # LibreOffice rewrites "[0]!Score" as "WinplanScore.Score" in both the VML and the x14 controls: it could
    # only do that by finding the Sub in the project, so the binding survived.
    assert bound and all(name in subs for name in bound), macros
    assert sum(1 for part in macros if part.startswith("xl/drawings/")) == len(spec.SHEETS)
