"""The lite wheel: winplan's scoring core and Score button as a pure-Python wheel that xlwings Lite installs.

xlwings Lite runs Python in Pyodide, whose installer resolves a wheel's declared dependencies. The full winplan
wheel declares the CLI's (python-calamine, mkdocs, jieba, plotly, click ...), several of which have no Pyodide
build. This wheel, `winplan-lite`, holds only the modules the Lite entry (worksheets/lite/main.py) imports,
found by following its `import` statements, and declares only xlwings, which the Lite entry needs and xlwings
Lite installs anyway. The bytes depend only on the sources: entries are sorted and dated 1980-01-01.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import importlib.util
import io
import zipfile
from pathlib import Path

import generator

DISTRIBUTION = "winplan-lite"
LITE_ENTRY = "worksheets.lite.main"
OWN_PACKAGES = ("generator", "worksheets")
# xlwings Lite supports sheet buttons (the `button=` argument of @script) from xlwings 0.33.14 on.
REQUIRES = ("xlwings>=0.33.14",)
SUMMARY = "winplan's deal scoring engine and Score button for xlwings Lite (pure Python)"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def wheel_name(version: str = generator.__version__) -> str:
    """The lite wheel's file name, as Pyodide's installer expects it (name-version-py3-none-any.whl)."""
    return f"{DISTRIBUTION.replace('-', '_')}-{version}-py3-none-any.whl"


def lite_wheel_bytes() -> bytes:
    """The lite wheel as bytes (the same bytes on every build)."""
    version = generator.__version__
    files = {module_path(name): source_file(name).read_bytes() for name in lite_modules()}
    dist_info = f"{DISTRIBUTION.replace('-', '_')}-{version}.dist-info"
    files[f"{dist_info}/METADATA"] = _metadata(version).encode("utf-8")
    files[f"{dist_info}/WHEEL"] = _wheel_file().encode("utf-8")
    files[f"{dist_info}/top_level.txt"] = "".join(f"{name}\n" for name in OWN_PACKAGES).encode("utf-8")
    record = [f"{path},{_digest(data)},{len(data)}" for path, data in sorted(files.items())]
    files[f"{dist_info}/RECORD"] = ("\n".join([*record, f"{dist_info}/RECORD,,"]) + "\n").encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as wheel:
        for path, data in sorted(files.items()):
            entry = zipfile.ZipInfo(path, date_time=_ZIP_DATE)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(entry, data)
    return buffer.getvalue()


def lite_modules() -> list[str]:
    """The dotted names of every winplan module the Lite entry imports, directly or not, parents included."""
    found: set[str] = set()
    pending = [LITE_ENTRY]
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found.add(name)
        parent = name.rpartition(".")[0]
        if parent:
            pending.append(parent)
        pending.extend(_imported(name))
    return sorted(found)


def module_path(name: str) -> str:
    """The path of module `name` inside the wheel (a package is its __init__.py)."""
    suffix = "/__init__.py" if source_file(name).name == "__init__.py" else ".py"
    return name.replace(".", "/") + suffix


def source_file(name: str) -> Path:
    """The .py file of winplan module `name`, found on disk without importing it."""
    found = _source_file(name)
    if found is None:
        raise LookupError(f"winplan module {name} has no Python source file")
    return found


def _source_file(name: str) -> Path | None:
    top, _, rest = name.partition(".")
    if top not in OWN_PACKAGES:
        return None
    spec = importlib.util.find_spec(top)  # a top-level package's __init__ only: both are import-light
    if spec is None or spec.origin is None:
        return None
    base = Path(spec.origin).parent.joinpath(*rest.split(".")) if rest else Path(spec.origin).parent
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _imported(name: str) -> list[str]:
    """The winplan modules that module `name` imports at run time (imports under TYPE_CHECKING are skipped)."""
    path = source_file(name)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_bytes(), filename=str(path))
    names: list[str] = []
    for node in _runtime_nodes(tree.body):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            names.append(base)
            names.extend(f"{base}.{alias.name}" for alias in node.names if _is_module(f"{base}.{alias.name}"))
    return [found for found in names if found.split(".")[0] in OWN_PACKAGES]


def _runtime_nodes(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements run on import: module level, into if/try/with blocks, not into functions or classes.

    An import inside a function is how a module keeps a heavy dependency off the import path (the reader's
    calamine backend); the Lite entry never calls those functions, so their imports stay out of the wheel.
    """
    nodes: list[ast.stmt] = []
    for node in body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            nodes.extend(_runtime_nodes(node.orelse))
            continue
        nodes.append(node)
        if isinstance(node, ast.If | ast.Try | ast.With):
            for field in ("body", "orelse", "finalbody"):
                nodes.extend(_runtime_nodes(getattr(node, field, [])))
            for handler in getattr(node, "handlers", []):
                nodes.extend(_runtime_nodes(handler.body))
    return nodes


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if node.level == 0:
        return node.module or ""
    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
    return f"{base}.{node.module}" if node.module else base


def _is_module(name: str) -> bool:
    return _source_file(name) is not None


def _metadata(version: str) -> str:
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {DISTRIBUTION}",
        f"Version: {version}",
        f"Summary: {SUMMARY}",
        "Requires-Python: >=3.11",
        *(f"Requires-Dist: {requirement}" for requirement in REQUIRES),
    ]
    return "\n".join(lines) + "\n"


def _wheel_file() -> str:
    return "Wheel-Version: 1.0\nGenerator: winplan lite_wheel\nRoot-Is-Purelib: true\nTag: py3-none-any\n"


def _digest(data: bytes) -> str:
    encoded = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return f"sha256={encoded}"
