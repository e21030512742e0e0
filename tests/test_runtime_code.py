"""The runtime package holds runtime code: every module under generator/ and worksheets/, and every function,
class, method and constant defined there, is used by the runtime itself, not only by tests or benchmarks.

"Used" is judged by name, conservatively: a definition counts as used when its name appears anywhere in the
runtime (the Python of generator/ and worksheets/, the templates and resources, pyproject's entry points) other
than where it is defined. A module counts as used when a runtime file imports it or names it in full. So a
helper only tests call, or a whole module only benchmarks import, fails here; move it next to its users
(tests/*_support.py, tests/openpyxl_reader.py, benchmarks/) or give the reason it stays in KEPT.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUNTIME_PACKAGES = ("generator", "worksheets")
TEXT_SUFFIXES = (".html", ".j2", ".md", ".js", ".yml", ".toml", ".json", ".txt")
WORD = re.compile(r"[A-Za-z_]\w*")
DUNDER = re.compile(r"^__\w+__$")

# Runtime code that no runtime file names, each with the reason it stays in the package.
KEPT = {
    "_NoDoctype.doctype": "called by xml.etree's XMLParser on its target when a part declares a DTD",
    "score_chinese_summary": "an xlwings Lite entry, registered by @xw.script and run from the sheet's button",
    "score_english_summary": "an xlwings Lite entry, registered by @xw.script and run from the sheet's button",
    "settings_table": "renders config.SETTINGS as the table of docs/configuration.md (the refresh command that page "
                      "gives); a test keeps the page equal to it",
    "fill_scores": "writes Score's cells with openpyxl, so the workbooks `winplan demo` ships are scored; its caller "
                   "is examples/generate.py, which regenerates those bundled workbooks",
}


def module_name(path: Path, root: Path) -> str:
    """The dotted name of the module at `path` (a package's __init__ is the package)."""
    name = ".".join(path.relative_to(root).with_suffix("").parts)
    return name.removesuffix(".__init__")


def python_files(root: Path) -> list[Path]:
    return sorted(path for package in RUNTIME_PACKAGES for path in (root / package).rglob("*.py"))


def imported_modules(tree: ast.Module, name: str, is_package: bool) -> set[str]:
    """Every module name an import statement of module `name` reaches (`from a import b` reaches a and a.b)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                found.update(".".join(parts[:end]) for end in range(1, len(parts) + 1))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def names_used(tree: ast.Module) -> Counter[str]:
    """How often each name is read, imported or written inside a string in this module."""
    counts: Counter[str] = Counter()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            counts[node.id] += 1
        elif isinstance(node, ast.Attribute):
            counts[node.attr] += 1
        elif isinstance(node, ast.alias):
            counts[(node.asname or node.name).split(".")[-1]] += 1
            counts[node.name.split(".")[-1]] += 1
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            counts.update(WORD.findall(node.value))
    return counts


def definitions(tree: ast.Module) -> list[tuple[str, str]]:
    """(shown name, name looked for) of every top-level function, class, public method and CONSTANT."""
    found: list[tuple[str, str]] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.append((node.name, node.name))
        if isinstance(node, ast.ClassDef):
            found.extend((f"{node.name}.{item.name}", item.name) for item in node.body
                         if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and not DUNDER.match(item.name))
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found.extend((t.id, t.id) for t in targets if isinstance(t, ast.Name) and t.id.isupper())
    return [(shown, name) for shown, name in found if not DUNDER.match(name)]


def used_only_outside_the_runtime(root: Path) -> list[str]:
    """Modules and definitions of the runtime packages below `root` that the runtime never names."""
    files = python_files(root)
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in files}
    text = " ".join(path.read_text(encoding="utf-8", errors="replace")
                    for folder in (*RUNTIME_PACKAGES, "site_src") for path in sorted((root / folder).rglob("*"))
                    if path.is_file() and path.suffix in TEXT_SUFFIXES)
    text += " ".join(path.read_text(encoding="utf-8") for path in (root / "pyproject.toml", root / "mkdocs.yml")
                     if path.is_file())
    in_text = Counter(WORD.findall(text))
    used = Counter[str]()
    for tree in trees.values():
        used.update(names_used(tree))
    imported: set[str] = set()
    for path, tree in trees.items():
        imported |= imported_modules(tree, module_name(path, root), path.name == "__init__.py")
    unused: list[str] = []
    for path, tree in trees.items():
        module = module_name(path, root)
        entry = path.name == "__init__.py" or path.name == "__main__.py"
        if not entry and module not in imported and module not in text:
            unused.append(module)
        unused.extend(shown for shown, name in definitions(tree) if not used[name] and not in_text[name])
    return sorted(name for name in unused if name not in KEPT)


def test_every_runtime_module_and_definition_is_used_by_the_runtime() -> None:
    unused = used_only_outside_the_runtime(REPO)
    assert unused == [], "only tests or benchmarks use these: move them next to their users"


def test_every_kept_exception_still_exists() -> None:
    """A reason in KEPT for something that no longer exists would excuse its next namesake unseen."""
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in python_files(REPO)]
    defined = {shown for tree in trees for shown, _ in definitions(tree)}
    modules = {module_name(path, REPO) for path in python_files(REPO)}
    assert [name for name in KEPT if name not in defined | modules] == []


def test_a_helper_only_tests_call_is_found(tmp_path: Path) -> None:
    (tmp_path / "generator" / "store").mkdir(parents=True)
    (tmp_path / "worksheets").mkdir()
    (tmp_path / "tests").mkdir()
    (tmp_path / "generator" / "__init__.py").write_text("")
    (tmp_path / "generator" / "store" / "__init__.py").write_text("from generator.store.rows import Row\n")
    (tmp_path / "generator" / "store" / "rows.py").write_text(
        "MAX_ROWS = 3\n\nclass Row:\n    def of(self) -> int:\n        return MAX_ROWS\n\n"
        "    def of_test(self) -> int:\n        return 1\n\ndef only_for_tests() -> None:\n    pass\n")
    (tmp_path / "generator" / "store" / "baseline.py").write_text("def slow_reader() -> None:\n    Row().of()\n")
    (tmp_path / "tests" / "test_rows.py").write_text(
        "from generator.store.baseline import slow_reader\nfrom generator.store.rows import only_for_tests\n"
        "only_for_tests(); slow_reader(); Row().of_test()\n")
    assert used_only_outside_the_runtime(tmp_path) == [
        "Row.of_test", "generator.store.baseline", "only_for_tests", "slow_reader"]
