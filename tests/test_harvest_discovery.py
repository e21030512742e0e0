"""Finding workbooks: by extension, without hidden folders, without following links out, each file once."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest

from generator.core.errors import WinplanError
from generator.core.paths import display_path, is_undecodable, loaded_path, shown_json, stored_path
from generator.harvest.conflicts import Claim, find_conflicts
from generator.harvest.discovery import discover
from generator.harvest.fingerprint import BeingSaved, NotARegularFile, fingerprint


def _touch(path: Path, content: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_workbooks_are_found_by_extension_below_every_folder(tmp_path: Path) -> None:
    share = tmp_path / "share"
    for name in ("a.xlsx", "east/b.XLSM", "east/deep/c.xls", "west/d.xlsb", "notes.docx", "east/readme.txt"):
        _touch(share / name)
    _touch(share / ".git" / "objects" / "e.xlsx")  # hidden folders hold no deals
    found = discover([share])
    assert [p.relative_to(share).as_posix() for p in found.workbooks] == [
        "a.xlsx", "east/b.XLSM", "east/deep/c.xls", "west/d.xlsb"]
    assert found.unread == ()
    assert all(p.is_absolute() for p in found.workbooks)


def test_overlapping_folders_and_inside_links_give_each_file_once(tmp_path: Path) -> None:
    share = tmp_path / "share"
    _touch(share / "east" / "a.xlsx")
    (share / "shortcut.xlsx").symlink_to(share / "east" / "a.xlsx")
    (share / "east-link").symlink_to(share / "east", target_is_directory=True)  # not followed: no loops
    found = discover([share, share / "east"])
    assert len(found.workbooks) == 1


def test_links_out_of_the_folder_and_lock_files_are_skipped_with_a_reason(tmp_path: Path) -> None:
    share = tmp_path / "share"
    outside = _touch(tmp_path / "private" / "salary.xlsx")
    (share / "east").mkdir(parents=True)
    (share / "east" / "salary.xlsx").symlink_to(outside)
    _touch(share / "east" / "~$deal.xlsx")
    _touch(share / "east" / ".~lock.deal.xlsx#")
    found = discover([share])
    assert found.workbooks == ()
    reasons = {Path(r.path).name: [p.code for p in r.problems] for r in found.unread}
    assert reasons == {"salary.xlsx": ["link-outside-folder"], "~$deal.xlsx": ["lock-file"],
                       ".~lock.deal.xlsx#": ["lock-file"]}
    assert all(r.status == "skipped" for r in found.unread)


def test_a_missing_folder_or_a_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(WinplanError, match="no such folder"):
        discover([tmp_path / "nope"])
    with pytest.raises(WinplanError, match="is a file"):
        discover([_touch(tmp_path / "a.xlsx")])


def test_a_fresh_file_is_being_saved_and_an_old_one_is_fingerprinted(tmp_path: Path) -> None:
    path = _touch(tmp_path / "a.xlsx", b"hello")
    with pytest.raises(BeingSaved, match="modified"):
        fingerprint(path)
    os.utime(path, (1_700_000_000, 1_700_000_000))
    print_ = fingerprint(path)
    assert (print_.size, print_.mtime) == (5, 1_700_000_000.0)
    assert print_.sha256 == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    os.utime(path, (4_000_000_000, 4_000_000_000))  # a file server's clock ahead of ours is not a save
    assert fingerprint(path).sha256 == print_.sha256


def test_the_most_recently_saved_claimant_is_counted() -> None:
    conflicts = find_conflicts([Claim("/b.xlsx", "d1", 10.0), Claim("/a.xlsx", "d1", 20.0),
                                Claim("/c.xlsx", "d2", 5.0), Claim("/x.xlsx", "d3", 1.0), Claim("/w.xlsx", "d3", 1.0)])
    assert [(c.deal_id, c.paths, c.counted) for c in conflicts] == [
        ("d1", ("/a.xlsx", "/b.xlsx"), "/a.xlsx"), ("d3", ("/w.xlsx", "/x.xlsx"), "/w.xlsx")]


def test_a_folder_that_cannot_be_listed_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    share = tmp_path / "share"
    _touch(share / "a.xlsx")
    _touch(share / "hr" / "b.xlsx")
    real_scandir = os.scandir

    def scandir(path: str) -> Any:
        if Path(path).name == "hr":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = discover([share])
    assert [p.name for p in found.workbooks] == ["a.xlsx"]
    (record,) = found.unread
    assert record.path == str(share / "hr") and record.problems[0].code == "folder-unreadable"
    assert "Permission denied" in record.problems[0].message.en and record.problems[0].severity == "error"


def test_a_file_reached_by_a_link_inside_the_folder_is_known_by_its_own_name(tmp_path: Path) -> None:
    share = tmp_path / "share"
    _touch(share / "east" / "华能.xlsx")
    (share / "east" / "a-shortcut.xlsx").symlink_to("华能.xlsx")  # listed first, but only a second name
    (share / "a-link.xlsx").symlink_to(share / "east" / "华能.xlsx")
    found = discover([share])
    assert found.workbooks == (share / "east" / "华能.xlsx",)


def test_the_walk_only_looks_at_names_of_spreadsheets(tmp_path: Path) -> None:
    share = tmp_path / "share"
    _touch(share / "a.xlsx")
    for name in ("loop", "loop.docx"):
        (share / name).symlink_to(name)  # loops that are not named like a workbook are never even stat'ed
    (share / "dangling").symlink_to("nowhere")
    os.mkfifo(share / "pipe")
    found = discover([share])
    assert found.workbooks == (share / "a.xlsx",) and found.unread == ()


def test_a_name_that_is_not_utf8_is_found_by_its_bytes_with_a_note(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    raw = os.fsencode(share) + b"/\xd5\xc5\xc8\xfd.xlsx"
    with open(raw, "wb") as file:
        file.write(b"x")
    found = discover([share])
    (workbook,) = found.workbooks
    assert os.fsencode(workbook) == raw and workbook.read_bytes() == b"x"
    (note,) = found.notes[str(workbook)]
    assert note.code == "name-not-utf8" and note.severity == "warning" and note.file == str(workbook)


def test_paths_are_shown_printable_and_stored_losslessly() -> None:
    gbk = os.fsdecode(b"/share/\xd5\xc5\xc8\xfd.xlsx")
    assert is_undecodable(gbk) and display_path(gbk) == "/share/张三.xlsx"
    assert display_path(os.fsdecode(b"/share/caf\xe9.xlsx")) == "/share/caf\\xe9.xlsx"  # not GB18030 either
    mixed = os.fsdecode("/share/报价-".encode() + b"\xd5\xc5.xlsx")  # UTF-8 text and stray GBK bytes in one name
    assert display_path(mixed) == "/share/报价-张.xlsx"
    assert display_path("/share/\x1b[2Jevil\u202egpj.xlsx") == "/share/\\x1b[2Jevil\\u202egpj.xlsx"
    assert display_path("/share/华能.xlsx") == "/share/华能.xlsx"
    for path in (gbk, mixed, "/share/华能.xlsx"):
        assert loaded_path(stored_path(path)) == path
    assert stored_path(gbk) == b"/share/\xd5\xc5\xc8\xfd.xlsx" and stored_path("/a.xlsx") == "/a.xlsx"
    assert shown_json({"paths": [gbk, 1, None]}) == {"paths": ["/share/张三.xlsx", 1, None]}


def test_an_unsupported_spreadsheet_and_a_numbers_package_are_reported(tmp_path: Path) -> None:
    share = tmp_path / "share"
    _touch(share / "plan.ODS")
    _touch(share / "old.numbers" / "Index.zip")
    found = discover([share])
    assert found.workbooks == ()
    assert {Path(r.path).name: (r.status, r.problems[0].code) for r in found.unread} == {
        "plan.ODS": ("failed", "unsupported-spreadsheet"), "old.numbers": ("failed", "unsupported-spreadsheet")}


def test_a_folder_argument_that_cannot_be_opened_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to("loop")
    with pytest.raises(WinplanError, match="no such folder"):
        discover([tmp_path / "loop"])
    with pytest.raises(WinplanError, match="File name too long"):
        discover([tmp_path / ("x" * 300)])


def test_a_pipe_swapped_in_after_the_check_is_refused_without_blocking(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    regular = _touch(tmp_path / "real.xlsx")
    os.mkfifo(tmp_path / "pipe.xlsx")
    real_stat = os.stat

    def stat_before_the_swap(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        # The type check sees the regular file that was there a moment before the pipe replaced it.
        return real_stat(regular if Path(path).name == "pipe.xlsx" else path, *args, **kwargs)

    def blocked(_signal: int, _frame: object) -> None:
        raise TimeoutError("fingerprint blocked on the pipe")

    monkeypatch.setattr(os, "stat", stat_before_the_swap)
    previous = signal.signal(signal.SIGALRM, blocked)
    signal.alarm(5)  # a blocking open fails the test here instead of hanging the run
    try:
        with pytest.raises(NotARegularFile):
            fingerprint(tmp_path / "pipe.xlsx", settle_seconds=0)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_folder_argument_that_cannot_be_listed_is_a_usage_error(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # `winplan harvest` has click refuse it first; `harvest_run` callers get the same sentence from here.
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == tmp_path:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(WinplanError, match=r"cannot list it \(Permission denied\)"):
        discover([tmp_path])
