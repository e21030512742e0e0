"""The harvest reuses a reading only when the code that made it is the code running now."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from harvest_workbooks import AS_OF, HarvestBooks

from generator.core.config import DEFAULT_CONFIG
from generator.harvest import Limits, code_version, harvest_folders, runner
from generator.harvest.code_version import PACKAGE, code_fingerprint
from generator.harvest.reading import ReadOutcome, ReadTask
from generator.store import Store

ENGINE_MODULES = [
    *sorted(path.relative_to(PACKAGE).as_posix() for part in ("core", "reader", "scoring", "store", "harvest")
            for path in (PACKAGE / part).rglob("*.py")),
]


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("code") / "generator"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.mark.parametrize("module", ENGINE_MODULES)
def test_editing_any_engine_module_changes_the_code_fingerprint(package_copy: Path, module: str) -> None:
    before = code_fingerprint(package_copy)
    source = package_copy / module
    original = source.read_bytes()
    try:
        source.write_bytes(original + b"\n# changed\n")
        assert code_fingerprint(package_copy) != before
    finally:
        source.write_bytes(original)
    assert code_fingerprint(package_copy) == before


def _exploding_reader(task: ReadTask) -> ReadOutcome:
    os._exit(9)


def test_new_code_forces_a_re_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    books = HarvestBooks(tmp_path / "books")
    share = tmp_path / "share"
    books.put(share / "a.xlsx")
    limits = Limits(workers=1, timeout=10.0)
    with Store.open(":memory:") as store:
        harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=limits)
        same = harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=limits, reader=_exploding_reader)
        assert [w.status for w in same.workbooks] == ["reused"]
        monkeypatch.setattr(runner, "running_code", lambda: "an upgraded winplan")
        upgraded = harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=limits)
    assert [w.status for w in upgraded.workbooks] == ["read"]
    assert code_version.running_code() == code_fingerprint(PACKAGE)
