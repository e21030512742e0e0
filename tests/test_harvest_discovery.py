"""Finding workbooks: by extension, without hidden folders, without following links out, each file once."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from generator.errors import WinplanError
from generator.harvest.conflicts import Claim, find_conflicts
from generator.harvest.discovery import discover
from generator.harvest.fingerprint import BeingSaved, fingerprint


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
