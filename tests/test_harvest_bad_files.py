"""Every kind of bad file in one folder with good workbooks: each gets its message, the good ones are harvested,
and the folder is byte-for-byte unchanged afterwards."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from harvest_workbooks import AS_OF, HarvestBooks, age, tree_state, zip_bomb
from msoffcrypto.format.ooxml import OOXMLFile

from generator.core.config import DEFAULT_CONFIG
from generator.core.model import Deal
from generator.core.records import HarvestResult, WorkbookRecord
from generator.harvest import Limits, harvest_folders
from generator.harvest.reading import ReadOutcome, ReadTask, read_and_score
from generator.store import Store

LIMITS = Limits(workers=2, timeout=3.0)


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> HarvestBooks:
    return HarvestBooks(tmp_path_factory.mktemp("harvest-books"))


def _by_name(result: HarvestResult) -> dict[str, WorkbookRecord]:
    return {Path(record.path).name: record for record in result.workbooks}


def _good_deals(books: HarvestBooks, folder: Path) -> dict[str, Deal]:
    return {
        "华能.xlsx": books.put(folder / "east" / "华能.xlsx", customer_name="华能集团"),
        "sinopec.xlsx": books.put(folder / "west" / "sinopec.xlsx", lang="en", customer_name="Sinopec"),
    }


def _assert_only(record: WorkbookRecord, status: str, code: str, *words: str) -> None:
    assert record.status == status, record
    assert [problem.code for problem in record.problems] == [code]
    problem = record.problems[0]
    assert problem.file == record.path
    for word in words:
        assert word in problem.message.en, problem.message.en
    assert problem.message.zh and problem.fix.en and problem.fix.zh  # what is wrong and what to do, both languages


def test_bad_files_are_reported_and_the_rest_is_harvested(books: HarvestBooks, tmp_path: Path) -> None:
    share = tmp_path / "share"
    good = _good_deals(books, share)
    good_bytes = (share / "east" / "华能.xlsx").read_bytes()
    bad = share / "bad"
    bad.mkdir()
    (bad / "empty.xlsx").write_bytes(b"")
    (bad / "half-saved.xlsx").write_bytes(good_bytes[: len(good_bytes) // 2])
    with (share / "east" / "华能.xlsx").open("rb") as source, (bad / "locked.xlsx").open("wb") as target:
        OOXMLFile(source).encrypt("secret", target)
    (bad / "export.xlsx").write_text("客户,金额\n华能,1200000\n", encoding="utf-8")
    (bad / "report.xlsx").write_text("<html><body><table><tr><td>1</td></tr></table></body></html>")
    zip_bomb(bad / "bomb.xlsx")
    (share / "east" / "~$华能.xlsx").write_bytes(b"\x05owner")
    (share / "east" / ".~lock.华能.xlsx#").write_text("user,host")
    (share / "east" / "notes.txt").write_text("not a workbook, ignored silently")
    outside = tmp_path / "elsewhere.xlsx"
    books.put(outside, customer_name="Outside")
    (share / "link.xlsx").symlink_to(outside)
    for path in bad.iterdir():
        age(path)
    books.put(share / "saving.xlsx", customer_name="Being saved", seconds_old=0.0)
    before = tree_state(share)

    with Store.open(":memory:") as store:  # no wait for saves, so saving.xlsx is still being saved when looked at
        result = harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS, save_wait_seconds=0)

    assert tree_state(share) == before  # read-only: no byte and no mtime changed
    assert {record.source: record.deal for record in result.deals} == {
        str(share / "east" / "华能.xlsx"): good["华能.xlsx"],
        str(share / "west" / "sinopec.xlsx"): good["sinopec.xlsx"],
    }
    found = _by_name(result)
    assert found["华能.xlsx"].status == "read" and found["sinopec.xlsx"].status == "read"
    _assert_only(found["empty.xlsx"], "failed", "empty-file", "0 bytes")
    _assert_only(found["half-saved.xlsx"], "failed", "truncated-file", "incomplete")
    _assert_only(found["locked.xlsx"], "failed", "encrypted-workbook", "password")
    _assert_only(found["export.xlsx"], "failed", "not-a-workbook", "text file")
    _assert_only(found["report.xlsx"], "failed", "not-a-workbook", "HTML")
    _assert_only(found["bomb.xlsx"], "failed", "zip-bomb", "refused for safety")
    _assert_only(found["~$华能.xlsx"], "skipped", "lock-file", "lock or temporary file")
    _assert_only(found[".~lock.华能.xlsx#"], "skipped", "lock-file", "lock or temporary file")
    _assert_only(found["link.xlsx"], "skipped", "link-outside-folder", "outside the harvested folder")
    _assert_only(found["saving.xlsx"], "skipped", "being-saved", "being saved", "not been harvested before")
    assert "notes.txt" not in found
    counts = result.snapshot.counts
    assert (counts["read"], counts["failed"], counts["skipped"], counts["deals"]) == (2, 6, 4, 2)


def test_a_legacy_xls_is_reported(books: HarvestBooks, tmp_path: Path,
                                  require_tool: Callable[[str], str]) -> None:
    soffice = require_tool("soffice")
    share = tmp_path / "share"
    good = _good_deals(books, share)
    converted = tmp_path / "converted"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "xls", "--outdir", str(converted), str(share / "east" / "华能.xlsx")],
                   check=True, capture_output=True, timeout=180)
    (share / "old.xls").write_bytes((converted / "华能.xls").read_bytes())
    (share / "old-renamed.xlsx").write_bytes((converted / "华能.xls").read_bytes())
    age(share / "old.xls")
    age(share / "old-renamed.xlsx")
    with Store.open(":memory:") as store:
        result = harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS)
    found = _by_name(result)
    _assert_only(found["old.xls"], "failed", "legacy-xls", "97-2003")
    _assert_only(found["old-renamed.xlsx"], "failed", "legacy-xls", "97-2003")
    assert {record.deal.deal_id for record in result.deals} == {deal.deal_id for deal in good.values()}


def _misbehaving_reader(task: ReadTask) -> ReadOutcome:
    """Crash on crash*.xlsx and hang on hang*.xlsx, as a native reader might on a hostile file."""
    name = Path(task.path).name
    if name.startswith("crash"):
        os._exit(3)
    if name.startswith("hang"):
        time.sleep(120)
    return read_and_score(task)


def test_a_crashing_or_hanging_reader_does_not_stop_the_harvest(books: HarvestBooks, tmp_path: Path) -> None:
    share = tmp_path / "share"
    good = _good_deals(books, share)
    books.put(share / "crash.xlsx")
    books.put(share / "hang.xlsx")
    books.put(share / "zz-after.xlsx")
    with Store.open(":memory:") as store:
        result = harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, reader=_misbehaving_reader,
                                 limits=Limits(workers=2, timeout=2.0, batch_size=4))
    found = _by_name(result)
    _assert_only(found["crash.xlsx"], "failed", "reader-crashed", "crashed", "exit code 3")
    _assert_only(found["hang.xlsx"], "failed", "reader-timeout", "longer than 2 s")
    assert {Path(record.source).name for record in result.deals} == {*good, "zz-after.xlsx"}


def _touching_reader(task: ReadTask) -> ReadOutcome:
    """Change the file's modification time before reading, as a save landing mid-read would."""
    os.utime(task.path, (time.time(), time.time()))
    return read_and_score(task)


def test_a_file_saved_during_the_read_keeps_its_previous_result(books: HarvestBooks, tmp_path: Path) -> None:
    share = tmp_path / "share"
    first = books.put(share / "deal.xlsx", amount=1_000_000.0)
    books.put(share / "other.xlsx", customer_name="Other")  # unchanged: reused, so there is a snapshot
    with Store.open(":memory:") as store:
        harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS)
        books.put(share / "deal.xlsx", replace(first, amount=2_000_000.0))
        result = harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS, reader=_touching_reader)
    record, _other = result.workbooks
    assert record.status == "skipped"
    assert [p.code for p in record.problems] == ["being-saved"]
    assert "previous harvest's result was kept" in record.problems[0].message.en
    deal = next(d for d in result.deals if d.source == record.path)
    assert deal.deal.amount == 1_000_000.0  # the previous reading, carried


def test_a_pipe_or_a_huge_file_named_like_a_workbook_is_refused_without_reading(books: HarvestBooks,
                                                                                 tmp_path: Path) -> None:
    share = tmp_path / "share"
    good = _good_deals(books, share)
    os.mkfifo(share / "pipe.xlsx")  # opening it to hash would block the harvest for ever
    with (share / "huge.xlsx").open("wb") as huge:  # sparse: 60 MB on paper, nothing on disk
        huge.truncate(60 * 1024 * 1024)
    age(share / "huge.xlsx")
    with Store.open(":memory:") as store:
        result = harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS)
    found = _by_name(result)
    _assert_only(found["pipe.xlsx"], "failed", "not-a-regular-file", "named pipe (FIFO), not a regular file")
    _assert_only(found["huge.xlsx"], "failed", "file-too-large", "too large")
    assert {Path(record.source).name for record in result.deals} == set(good)


def test_harvesting_the_examples_twice_leaves_them_byte_for_byte_unchanged(repo: Path, tmp_path: Path) -> None:
    share = tmp_path / "examples"
    shutil.copytree(repo / "examples" / "workbooks", share)
    for path in share.iterdir():
        age(path)
    before = tree_state(share)
    with Store.open(tmp_path / "h.sqlite") as store:
        first = harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS)
        again = harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS)
    assert tree_state(share) == before
    assert len(first.deals) == len(before) and first.snapshot.counts["read"] == len(before)
    assert again.snapshot.counts["reused"] == len(before)
