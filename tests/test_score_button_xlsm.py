"""The .xlsm templates: VBA built from the repo's source, a Score button on every sheet bound to a real Sub,
and LibreOffice keeping both when it opens and re-saves the file."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import olefile  # type: ignore[import-untyped]
import openpyxl
import pytest
import xlwings
from oletools.olevba import VBA_Parser
from score_button_workbooks import template_xlsm

from generator.cli.commands.templates import run as write_templates
from generator.core import spec
from generator.core.i18n import LANGUAGES, Language
from generator.workbook.template import write_template
from generator.workbook.template.xlwings_conf import ACTIVE_TITLE, INACTIVE_TITLE, KEYS
from generator.workbook.vba_project import (
    SCORE_MACRO,
    SCORE_MODULE,
    XLWINGS_CLASSES,
    XLWINGS_MODULE,
    build_vba_project,
    winplan_vba_sources,
    write_score_button_project,
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


def class_code(source: str) -> list[str]:
    """A class module's code lines, without attribute lines and LibreOffice's `Option ClassModule`."""
    return [line for line in comparable(source).split("\n")
            if not line.startswith("Attribute ") and line.strip() != "Option ClassModule"]


def project_entries(path: Path) -> dict[str, list[str]]:
    """The PROJECT stream's module list of the workbook's vbaProject.bin: kind (Module, Class, ...) -> names."""
    with zipfile.ZipFile(path) as archive:
        project = olefile.OleFileIO(io.BytesIO(archive.read("xl/vbaProject.bin")))
    try:
        text = project.openstream("PROJECT").read().decode("cp1252")
    finally:
        project.close()
    entries: dict[str, list[str]] = {}
    for line in text.splitlines():
        kind, _, name = line.partition("=")
        if kind in ("Module", "Class", "Document", "BaseClass"):
            entries.setdefault(kind, []).append(name.split("/")[0])
    return entries


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
    # LibreOffice marks a class module with an added `Option ClassModule` line and drops member attributes
    # (`Attribute Item.VB_UserMemId = 0`); the code is kept.
    assert class_code(modules["Dictionary"]) == class_code(vba_modules(template_xlsm(lang))["Dictionary"])
    subs = public_subs(modules)
    macros = button_macros(resaved)
    bound = [name for names in macros.values() for name in names]
    # LibreOffice rewrites "[0]!Score" as "WinplanScore.Score" in both the VML and the x14 controls: it could
    # only do that by finding the Sub in the project, so the binding survived.
    assert bound and all(name in subs for name in bound), macros
    assert sum(1 for part in macros if part.startswith("xl/drawings/")) == len(spec.SHEETS)


# ---- Mac: xlwings.bas compiles only if everything it names under `#If Mac` exists in the project ----

# What VBA and Excel for Mac provide themselves: keywords, built-in functions and constants, Excel's objects.
VBA_PROVIDES = frozenset((
    "And", "As", "ByVal", "Case", "Declare", "Dim", "Else", "End", "Exit", "False", "For", "Function", "GoTo", "If",
    "Lib", "New", "Next", "Not", "On", "Private", "PtrSafe", "Resume", "Select", "Set", "Sub", "Then", "To", "True",
    "Error", "Long", "String", "Boolean", "Variant", "Object", "Integer", "Double", "AppleScriptTask",
    "Application", "Chr", "Dir", "Environ", "InStr", "InStrRev", "Kill", "Left", "Len", "MacScript", "MsgBox",
    "Replace", "Right", "Split", "UBound", "Val", "ThisWorkbook", "vbCritical", "vbDirectory", "vbLf", "vbNewLine",
    "vbNullString", "vbOKOnly",
))


def mac_only_code(source: str) -> str:
    """The lines of `source` that compile on Mac only (inside `#If Mac`, or the `#Else` of `#If Not Mac`)."""
    branches: list[str] = []  # condition of each open #If, negated after its #Else
    kept: list[str] = []
    for line in source.splitlines():
        text = line.strip()
        if opened := re.match(r"#If\s+(.+?)\s+Then\b", text, re.IGNORECASE):
            branches.append(opened.group(1).strip())
        elif re.match(r"#Else\b", text, re.IGNORECASE) and branches:
            branches[-1] = f"Not {branches[-1]}"
        elif re.match(r"#End\s+If\b", text, re.IGNORECASE) and branches:
            branches.pop()
        elif any(re.fullmatch(r"(Not Not )?Mac", branch, re.IGNORECASE) for branch in branches):
            kept.append(line)
    return "\n".join(kept)


def declared_names(modules: dict[str, str]) -> set[str]:
    """Every name the project's modules declare: modules, procedures, parameters, variables, constants, labels."""
    names = set(modules)
    for code in modules.values():
        code = re.sub(r'"[^"]*"', '""', code)
        procedure = r"\b(?:Sub|Function|Property\s+(?:Get|Let|Set))\s+(\w+)\s*(?:Lib\b[^(]*)?\(([^)]*)\)"
        for signature in re.finditer(procedure, code, re.IGNORECASE):
            names.add(signature.group(1))
            names.update(re.findall(r"(?:^|,)\s*(?:Optional\s+)?(?:ByVal\s+|ByRef\s+)?(?:ParamArray\s+)?(\w+)",
                                    signature.group(2)))
        for declaration in re.finditer(r"^\s*(?:Dim|Const|Static|Private|Public|Global)\s+(?!Sub\b|Function\b|"
                                       r"Property\b|Declare\b|Enum\b|Type\b|Const\b)(.+)$", code,
                                       re.IGNORECASE | re.MULTILINE):
            names.update(re.findall(r"(?:^|,)\s*(?:WithEvents\s+)?(\w+)", declaration.group(1)))
        names.update(re.findall(r"^\s*(?:Private\s+|Public\s+)?Const\s+(\w+)", code, re.IGNORECASE | re.MULTILINE))
        names.update(re.findall(r"^\s*(\w+):\s*$", code, re.MULTILINE))  # labels for GoTo / On Error
    return names


def identifiers_used(code: str) -> set[str]:
    """The names `code` uses, without strings, comments and members after a dot (`x.Path`)."""
    code = re.sub(r'"[^"]*"', '""', code)
    code = re.sub(r"'.*$", "", code, flags=re.MULTILINE)
    return {match.group(1) for match in re.finditer(r"(?<![.\w])([A-Za-z_]\w*)", code)} - {"_"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_project_has_xlwings_dictionary_class_for_mac(lang: Language) -> None:
    path = template_xlsm(lang)
    entries = project_entries(path)
    assert set(XLWINGS_CLASSES) == {"Dictionary"} <= set(entries.get("Class", []))
    code = vba_modules(path)["Dictionary"]
    shipped = (Path(xlwings.__file__).parent / "addin" / "Dictionary.cls").read_text(encoding="utf-8")
    body = comparable(shipped.split("Attribute VB_Description", 1)[1].split("\n", 1)[1])
    assert body in comparable(code)  # xlwings' class, unchanged
    assert "Permission is hereby granted, free of charge" in code and "(c) Tim Hall" in code  # its MIT licence
    assert re.search(r"^Public Function Exists\(", code, re.MULTILINE)  # what xlwings.bas calls on it


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_name_xlwings_uses_on_mac_is_defined(lang: Language) -> None:
    """Excel for Mac compiles the `#If Mac` branches: each name there is VBA's, Excel's or the project's."""
    modules = vba_modules(template_xlsm(lang))
    mac_code = mac_only_code(modules[XLWINGS_MODULE])
    used = identifiers_used(mac_code)
    assert "Dictionary" in used and "GetMacDir" in used  # the Mac branches were found
    assert used - declared_names(modules) - VBA_PROVIDES == set()


def test_the_mac_check_finds_a_missing_class() -> None:
    modules = vba_modules(template_xlsm("en"))
    without = {name: code for name, code in modules.items() if name != "Dictionary"}
    missing = identifiers_used(mac_only_code(modules[XLWINGS_MODULE])) - declared_names(without) - VBA_PROVIDES
    assert missing == {"Dictionary"}


# ---- The interpreter: xlwings' settings sheet ----

def xlwings_sheet_config(path: Path) -> dict[str, str] | None:
    """What xlwings' GetConfigFromSheet reads: the sheet named xlwings.conf, A1 down to the first empty A cell,
    keys upper-cased, values from column B; None when there is no such sheet (the rep's own file applies)."""
    book = openpyxl.load_workbook(path)
    if ACTIVE_TITLE not in book.sheetnames:
        return None
    sheet = book[ACTIVE_TITLE]
    config: dict[str, str] = {}
    row = 1
    while sheet.cell(row, 1).value not in (None, ""):
        config[str(sheet.cell(row, 1).value).upper()] = str(sheet.cell(row, 2).value or "")
        row += 1
    return config


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_template_ships_xlwings_settings_inactive(lang: Language) -> None:
    """A key on an active sheet wins even when empty, so the shipped sheet must not be active."""
    path = template_xlsm(lang)
    assert xlwings_sheet_config(path) is None
    book = openpyxl.load_workbook(path)
    sheet = book[INACTIVE_TITLE]
    assert sheet.sheet_state == "hidden"
    assert [sheet.cell(row, 1).value for row in range(1, len(KEYS) + 1)] == list(KEYS)
    assert all(not sheet.cell(row, 2).value for row in range(1, len(KEYS) + 1))
    assert "xlwings.conf" in str(sheet["D3"].value)  # how to activate it
    assert INACTIVE_TITLE not in openpyxl.load_workbook(template_xlsm(lang).with_suffix(".xlsx")).sheetnames
    # Excel wants a document module for every sheet: the settings sheet has its code name and module.
    with zipfile.ZipFile(path) as archive:
        sheet_xml = archive.read(f"xl/worksheets/sheet{len(spec.SHEETS) + 1}.xml").decode()
    assert f'codeName="Sheet{len(spec.SHEETS) + 1}"' in sheet_xml
    assert f"Sheet{len(spec.SHEETS) + 1}" in project_entries(path)["Document"]


def test_team_settings_make_an_active_sheet_with_only_the_given_keys(tmp_path: Path) -> None:
    project = write_score_button_project(tmp_path / "vbaProject.bin")
    path = tmp_path / "team.xlsm"
    write_template(path, "en", vba_project=project, score_macro=SCORE_MACRO,
                   xlwings_settings={"Interpreter_Win": r"C:\Program Files\Python312\pythonw.exe",
                                     "interpreter_mac": "  ", "PYTHONPATH": ""})
    assert xlwings_sheet_config(path) == {"INTERPRETER_WIN": r"C:\Program Files\Python312\pythonw.exe"}
    assert INACTIVE_TITLE not in openpyxl.load_workbook(path).sheetnames


def test_an_unknown_xlwings_setting_is_refused(tmp_path: Path) -> None:
    project = write_score_button_project(tmp_path / "vbaProject.bin")
    with pytest.raises(ValueError, match="unknown xlwings setting"):
        write_template(tmp_path / "t.xlsm", "en", vba_project=project, xlwings_settings={"PYTHON": "x"})
