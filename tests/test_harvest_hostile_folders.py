"""Hostile folders at the level a user meets them (`winplan harvest`): link loops, links out, broken links,
pipes, sockets and devices, folders and files that cannot be opened, trees deeper than any path the system
opens, names that are not UTF-8 and spreadsheets winplan does not read.

For each: the harvest ends normally with the file's own message, every good workbook is still harvested, and the
folder is exactly as before (every file's bytes and mtime, every link's target and lstat, every folder's mtime).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from harvest_workbooks import HarvestBooks, age

from generator.cli.main import cli
from generator.store import Store

GBK_NAME = "张三.xlsx".encode("gbk")  # b'\xd5\xc5\xc8\xfd.xlsx', as a Windows zip unpacks it on Linux
LATIN1_NAME = "café.xlsx".encode("latin-1")  # b'caf\xe9.xlsx': valid in neither UTF-8 nor GB18030


@pytest.fixture(autouse=True)
def _english_default_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "winplan.toml").write_text('[site]\nlanguage = "en"\n', encoding="utf-8")


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> HarvestBooks:
    return HarvestBooks(tmp_path_factory.mktemp("hostile-books"))


@pytest.fixture
def share(books: HarvestBooks, tmp_path: Path) -> Path:
    """A team folder with two good workbooks, one of them in a subfolder."""
    folder = tmp_path / "share"
    books.put(folder / "east" / "华能.xlsx", customer_name="华能集团")
    books.put(folder / "west" / "sinopec.xlsx", lang="en", customer_name="Sinopec")
    return folder


def folder_state(root: Path) -> dict[bytes, tuple[Any, ...]]:
    """Everything below `root`, walked by file descriptors (any depth, any name): each regular file's SHA-256,
    size and mtime; each link's target and lstat mtime; each folder's mtime; each special file's type."""
    state: dict[bytes, tuple[Any, ...]] = {}
    pending = [(os.open(root, os.O_RDONLY | os.O_DIRECTORY), b"")]
    while pending:
        directory, relative = pending.pop()
        try:
            for entry in os.scandir(directory):
                key = relative + b"/" + os.fsencode(entry.name)
                status = entry.stat(follow_symlinks=False)
                if stat.S_ISLNK(status.st_mode):
                    state[key] = ("link", os.readlink(entry.name, dir_fd=directory), status.st_mtime_ns)
                elif stat.S_ISDIR(status.st_mode):
                    state[key] = ("folder", status.st_mtime_ns)
                    pending.append((os.open(entry.name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW,
                                            dir_fd=directory), key))
                elif stat.S_ISREG(status.st_mode):
                    descriptor = os.open(entry.name, os.O_RDONLY, dir_fd=directory)
                    with os.fdopen(descriptor, "rb") as file:
                        digest = hashlib.sha256(file.read()).hexdigest()
                    state[key] = ("file", digest, status.st_size, status.st_mtime_ns)
                else:
                    state[key] = ("special", stat.S_IFMT(status.st_mode), status.st_mtime_ns)
        finally:
            os.close(directory)
    return state


@contextmanager
def at_most(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging the test run) when the block takes longer than `seconds`."""
    def expired(_signal: int, _frame: object) -> None:
        raise TimeoutError(f"the harvest took longer than {seconds} s: something blocked")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def harvest(share: Path, db: Path, *options: str) -> tuple[int, dict[str, Any], bytes]:
    """`winplan harvest SHARE --json`: exit code, the parsed summary and the raw standard output."""
    with at_most(120):
        result = CliRunner().invoke(cli, ["harvest", str(share), "--db", str(db), "--as-of", "2026-11-23",
                                          "--json", *options])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    output = result.stdout_bytes
    assert output, result.output
    output.decode("utf-8")  # strict UTF-8, whatever the file names
    summary = json.loads(output, parse_constant=lambda name: pytest.fail(f"not strict JSON: {name}"))
    return result.exit_code, summary, output


def by_name(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {w["path"].rsplit("/", 1)[-1]: w for w in summary["workbooks"]}


def only_problem(workbook: dict[str, Any], status: str, code: str, *words: str) -> dict[str, Any]:
    assert workbook["status"] == status, workbook
    (problem,) = workbook["problems"]
    assert problem["code"] == code, problem
    for word in words:
        assert word in problem["message"]["en"] + " " + problem["fix"]["en"], problem
    assert problem["message"]["zh"] and problem["fix"]["zh"] and problem["fix"]["en"]
    return dict(problem)


def good_deals_harvested(summary: dict[str, Any], count: int = 2) -> None:
    assert summary["counts"]["deals"] == count, summary["counts"]
    found = by_name(summary)
    assert found["华能.xlsx"]["status"] == "read" and found["sinopec.xlsx"]["status"] == "read"


def test_link_loops_at_any_depth_do_not_stop_the_harvest(share: Path, tmp_path: Path) -> None:
    deep = share / "east" / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "up").symlink_to("..", target_is_directory=True)  # a/b/up -> a: a loop through a folder link
    (deep / "top").symlink_to(share, target_is_directory=True)  # a link to an ancestor
    (share / "x").symlink_to("x")  # a link to itself, not named like a workbook: ignored
    (share / "loop.xlsx").symlink_to("loop.xlsx")  # named like a workbook: reported
    (deep / "ping.xlsx").symlink_to("pong.xlsx")
    (deep / "pong.xlsx").symlink_to("ping.xlsx")
    before = folder_state(share)

    code, summary, _ = harvest(share, tmp_path / "h.sqlite")

    assert code == 0
    assert folder_state(share) == before
    good_deals_harvested(summary)
    found = by_name(summary)
    for name in ("loop.xlsx", "ping.xlsx", "pong.xlsx"):
        only_problem(found[name], "skipped", "link-loop", "leads back to itself", "Delete the link")
    assert len(summary["workbooks"]) == 5  # nothing reached twice through the folder links, `x` not mentioned


def test_links_out_of_the_folder_and_broken_links_are_reported_once(share: Path, books: HarvestBooks,
                                                                    tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    books.put(elsewhere / "private.xlsx", customer_name="Private")
    (share / "private.xlsx").symlink_to(elsewhere / "private.xlsx")
    (share / "elsewhere").symlink_to(elsewhere, target_is_directory=True)  # a folder link: never followed
    (share / "zero.xlsx").symlink_to("/dev/zero")  # would never end if it were read
    (share / "gone.xlsx").symlink_to("moved-away.xlsx")
    (share / "gone.txt").symlink_to("nowhere.txt")  # not named like a workbook: ignored
    (share / "east" / "shortcut.xlsx").symlink_to(share / "east" / "华能.xlsx")  # inside: the file is read once
    before = folder_state(share)

    code, summary, _ = harvest(share, tmp_path / "h.sqlite")

    assert code == 0
    assert folder_state(share) == before
    good_deals_harvested(summary)
    found = by_name(summary)
    only_problem(found["private.xlsx"], "skipped", "link-outside-folder", "outside the harvested folder")
    only_problem(found["zero.xlsx"], "skipped", "link-outside-folder", "/dev/zero")
    only_problem(found["gone.xlsx"], "skipped", "broken-link", "moved-away.xlsx", "does not exist")
    assert sorted(found) == ["gone.xlsx", "private.xlsx", "sinopec.xlsx", "zero.xlsx", "华能.xlsx"]


def test_pipes_and_sockets_are_never_opened(share: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    os.mkfifo(share / "pipe.xlsx")  # opening it would block the harvest until someone writes to it
    os.mkfifo(share / "east" / "pipe")  # not named like a workbook: ignored
    (share / "inside-pipe.xlsx").symlink_to(share / "pipe.xlsx")
    monkeypatch.chdir(share)  # a socket's path must be short: bind it by its relative name
    with socket.socket(socket.AF_UNIX) as server:
        server.bind("socket.xlsx")
    before = folder_state(share)

    code, summary, _ = harvest(share, tmp_path / "h.sqlite", "--strict")

    assert code == 1  # --strict: a failed file
    assert folder_state(share) == before
    good_deals_harvested(summary)
    found = by_name(summary)
    only_problem(found["pipe.xlsx"], "failed", "not-a-regular-file", "named pipe (FIFO)", "not opened")
    only_problem(found["inside-pipe.xlsx"], "failed", "not-a-regular-file", "named pipe (FIFO)")
    only_problem(found["socket.xlsx"], "failed", "not-a-regular-file", "socket", "not opened")
    assert summary["counts"]["failed"] == 3


def test_a_device_named_like_a_workbook_is_never_opened(share: Path, tmp_path: Path) -> None:
    try:
        os.mknod(share / "tape.xlsx", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero's numbers
    except PermissionError:
        pytest.skip("creating a device file needs CAP_MKNOD")
    before = folder_state(share)
    code, summary, _ = harvest(share, tmp_path / "h.sqlite")
    assert code == 0
    assert folder_state(share) == before
    good_deals_harvested(summary)
    only_problem(by_name(summary)["tape.xlsx"], "failed", "not-a-regular-file", "device", "not opened")


def harvest_unprivileged(share: Path, db: Path, *options: str) -> subprocess.CompletedProcess[bytes]:
    """`winplan harvest` in a process that file permissions apply to: as root, one without the capabilities to
    override them (`setpriv`), so a mode-000 file is as unreadable as it is for a sales team's service account."""
    command = [sys.executable, "-c", "from generator.cli.main import main; main()", "harvest", str(share), "--db",
               str(db), "--as-of", "2026-11-23", *options]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        drop = [setpriv or "setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
        if setpriv is None or subprocess.run([*drop, "true"], capture_output=True).returncode != 0:
            pytest.skip("as root, needs setpriv to drop the capabilities that override file permissions")
        command = [*drop, *command]
    return subprocess.run(command, capture_output=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})


def test_a_folder_or_a_file_that_cannot_be_opened_is_reported(share: Path, books: HarvestBooks,
                                                             tmp_path: Path) -> None:
    books.put(share / "hr" / "salaries.xlsx")
    books.put(share / "locked-away.xlsx")
    books.put(share / "list-only" / "plan.xlsx")
    before = folder_state(share)
    (share / "hr").chmod(0)  # cannot be listed
    (share / "locked-away.xlsx").chmod(0)  # cannot be opened
    (share / "list-only").chmod(0o444)  # names can be listed, files in it cannot be reached
    try:
        done = harvest_unprivileged(share, tmp_path / "h.sqlite", "--json", "--strict")
    finally:
        (share / "hr").chmod(0o755)
        (share / "locked-away.xlsx").chmod(0o644)
        (share / "list-only").chmod(0o755)

    assert done.returncode == 1, done.stderr  # --strict: workbooks are missing
    summary = json.loads(done.stdout.decode("utf-8"))
    assert folder_state(share) == before
    good_deals_harvested(summary)
    found = by_name(summary)
    only_problem(found["hr"], "skipped", "folder-unreadable", "Permission denied", "read access to this folder")
    only_problem(found["locked-away.xlsx"], "failed", "cannot-open", "Permission denied", "read access")
    only_problem(found["plan.xlsx"], "failed", "cannot-open", "Permission denied")
    assert summary["counts"]["deals"] == 2 and len(summary["workbooks"]) == 5


def test_an_unreadable_folder_to_harvest_is_a_usage_error(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    share.chmod(0)
    try:
        done = harvest_unprivileged(share, tmp_path / "h.sqlite")
    finally:
        share.chmod(0o755)
    assert done.returncode == 2, done.stderr
    assert "is not readable" in done.stderr.decode("utf-8")  # click's own check of the argument
    assert b"Traceback" not in done.stderr
    assert not (tmp_path / "h.sqlite").exists()  # refused before the database was made


def _deep_chain(top: Path, depth: int) -> Iterator[tuple[int, int]]:
    """Make `depth` nested folders `d` below `top` (deeper than any path the OS opens); yield (level, fd)."""
    directory = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    for level in range(1, depth + 1):
        os.mkdir("d", dir_fd=directory)
        child = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=directory)
        os.close(directory)
        directory = child
        yield level, directory
    os.close(directory)


def _flatten(top: Path) -> None:
    """Move every nested folder up to `top`, so that no path is long and rmtree's recursion stays shallow."""
    queue, moved = [top], 0
    while queue:
        folder = queue.pop()
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False):
                moved += 1
                os.rename(entry.path, top / f"level-{moved}")
                queue.append(top / f"level-{moved}")


@pytest.fixture
def deep_share(share: Path, books: HarvestBooks) -> Iterator[Path]:
    """`share` with a 3000-folder chain below it (about 6000 bytes of path): a workbook at level 1000, one in
    the last folder the OS can list (its path is too long to open) and one in a folder too deep to list."""
    workbook = books.filled(books.put(share / "template.xlsx", customer_name="Deep"))
    body = workbook.read_bytes()
    (share / "template.xlsx").unlink()
    names = {1000: "deep.xlsx", 2000: "long-name-" + "长" * 70 + ".xlsx", 2500: "too-deep.xlsx"}
    for level, directory in _deep_chain(share / "east", 3000):
        if level in names:
            descriptor = os.open(names[level], os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=directory)
            os.write(descriptor, body)
            os.close(descriptor)
            os.utime(names[level], (1_700_000_000, 1_700_000_000), dir_fd=directory)
    yield share
    _flatten(share / "east")


def test_a_tree_deeper_than_the_system_opens_is_walked_and_reported(deep_share: Path, tmp_path: Path) -> None:
    share = deep_share
    before = folder_state(share)
    code, summary, _ = harvest(share, tmp_path / "h.sqlite")
    assert code == 0
    assert folder_state(share) == before
    good_deals_harvested(summary, count=3)
    found = by_name(summary)
    assert found["deep.xlsx"]["status"] == "read"  # 1000 folders down: beyond any recursion limit
    assert Path(found["deep.xlsx"]["path"]).parts.count("d") == 1000
    too_long = {w["status"]: w for w in summary["workbooks"]
                if [p["code"] for p in w["problems"]] == ["path-too-long"]}
    assert sorted(too_long) == ["failed", "skipped"], too_long
    folder, file = too_long["skipped"], too_long["failed"]
    # The first folder the OS cannot list (nothing below it is seen, too-deep.xlsx included) ...
    assert 4090 <= len(os.fsencode(folder["path"])) <= 4100 and Path(folder["path"]).name == "d"
    assert "The path of this folder is too long for the operating system to open" in folder["problems"][0][
        "message"]["en"]
    # ... and a file in a folder the OS still lists, whose own path is too long to open.
    assert Path(file["path"]).name.startswith("long-name-") and len(os.fsencode(file["path"])) > 4096
    assert "shorten the folder and file names" in file["problems"][0]["fix"]["en"]
    assert "too-deep.xlsx" not in found and len(summary["workbooks"]) == 5


def test_a_name_of_255_bytes_is_harvested(share: Path, books: HarvestBooks, tmp_path: Path) -> None:
    name = "长" * 83 + ".xlsx"  # 249 + 5 bytes: the longest name most file systems allow
    assert len(name.encode()) == 254
    books.put(share / name, customer_name="Long name")
    code, summary, _ = harvest(share, tmp_path / "h.sqlite")
    assert code == 0 and summary["counts"]["deals"] == 3
    assert by_name(summary)[name]["status"] == "read"


def _write_named(folder: Path, name: bytes, body: bytes) -> bytes:
    """Create a file whose name is the raw bytes `name` (not necessarily UTF-8); return its full path's bytes."""
    path = os.fsencode(folder) + b"/" + name
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(descriptor, body)
    os.close(descriptor)
    os.utime(path, (1_700_000_000, 1_700_000_000))
    return path


def test_names_that_are_not_utf8_are_read_stored_and_shown(share: Path, books: HarvestBooks,
                                                           tmp_path: Path) -> None:
    gbk = _write_named(share, GBK_NAME, books.filled(books.put(tmp_path / "a.xlsx", customer_name="GBK")).read_bytes())
    latin1 = _write_named(share, LATIN1_NAME,
                          books.filled(books.put(tmp_path / "b.xlsx", customer_name="Latin")).read_bytes())
    books.put(share / "张三.xlsx", customer_name="UTF-8 twin")  # the same name as it shows, but really UTF-8
    gbk_folder = os.fsencode(share) + b"/" + "华东".encode("gbk")
    os.mkdir(gbk_folder)
    in_folder = _write_named(Path(os.fsdecode(gbk_folder)), b"deal.xlsx",
                             books.filled(books.put(tmp_path / "c.xlsx", customer_name="Folder")).read_bytes())
    before = folder_state(share)
    db = tmp_path / "h.sqlite"

    code, summary, output = harvest(share, db)

    assert code == 0
    assert folder_state(share) == before
    assert b"\\ud" not in output  # no lone surrogate escapes: every string is real text
    good_deals_harvested(summary, count=6)
    by_bytes = {bytes.fromhex(w["path_bytes"]): w for w in summary["workbooks"] if "path_bytes" in w}
    assert set(by_bytes) == {gbk, latin1, in_folder}
    assert by_bytes[gbk]["path"] == f"{share}/张三.xlsx" and by_bytes[gbk]["status"] == "read"
    assert by_bytes[latin1]["path"] == f"{share}/caf\\xe9.xlsx" and by_bytes[latin1]["status"] == "read"
    assert by_bytes[in_folder]["path"] == f"{share}/华东/deal.xlsx" and by_bytes[in_folder]["status"] == "read"
    only_problem(by_bytes[gbk], "read", "name-not-utf8", "\\xd5\\xc5\\xc8\\xfd.xlsx", "shown here as 张三.xlsx")
    only_problem(by_bytes[in_folder], "read", "name-not-utf8", "a folder above this file", "Rename it")
    twins = [w for w in summary["workbooks"] if w["path"] == f"{share}/张三.xlsx"]
    assert len(twins) == 2 and {w["deal_id"] for w in twins} != {None}  # two files, two deals, not merged

    with Store.open(db) as store:  # the database keeps the real names: the next harvest finds them unchanged
        latest = store.latest()
        assert latest is not None
        stored = {os.fsencode(record.path) for record in latest.workbooks}
        assert {gbk, latin1, in_folder} <= stored
    code, again, _ = harvest(share, db)
    assert code == 0 and again["counts"]["reused"] == 6 and again["counts"]["read"] == 0
    assert [p["code"] for p in by_name(again)["张三.xlsx"]["problems"]] in (["name-not-utf8"], [])

    checked = CliRunner().invoke(cli, ["check", "--json", os.fsdecode(gbk)])
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout_bytes.decode("utf-8"))["workbooks"][0]["path"] == f"{share}/张三.xlsx"
    text = CliRunner().invoke(cli, ["harvest", str(share), "--db", str(db), "--as-of", "2026-11-23"])
    assert text.exit_code == 0, text.output
    assert f"warning {share}/张三.xlsx: This file's name is not UTF-8" in text.stdout_bytes.decode("utf-8")


def test_spreadsheets_winplan_does_not_read_are_reported(share: Path, tmp_path: Path) -> None:
    (share / "east" / "forecast.ods").write_bytes(b"PK\x03\x04 an OpenDocument spreadsheet")
    (share / "west" / "Plan.NUMBERS").write_bytes(b"PK\x03\x04 a Numbers document")
    (share / "west" / "old.numbers").mkdir()  # Numbers' older package format is a folder
    (share / "west" / "old.numbers" / "index.xml").write_text("<ls/>")
    (share / "east" / ".~lock.forecast.ods#").write_text("user,host")
    (share / "notes.csv").write_text("a,b\n")  # not a spreadsheet winplan looks at: ignored
    for path in (share / "east" / "forecast.ods", share / "west" / "Plan.NUMBERS"):
        age(path)
    before = folder_state(share)

    code, summary, _ = harvest(share, tmp_path / "h.sqlite")

    assert code == 0
    assert folder_state(share) == before
    good_deals_harvested(summary)
    found = by_name(summary)
    only_problem(found["forecast.ods"], "failed", "unsupported-spreadsheet",
                 "OpenDocument spreadsheets are not read", "Save it as .xlsx in LibreOffice (File > Save As)")
    only_problem(found["Plan.NUMBERS"], "failed", "unsupported-spreadsheet", "Numbers", "Export To > Excel")
    only_problem(found["old.numbers"], "failed", "unsupported-spreadsheet", "Numbers")
    only_problem(found[".~lock.forecast.ods#"], "skipped", "lock-file")
    assert "notes.csv" not in found and "index.xml" not in found


def test_the_site_builds_from_a_harvest_with_hostile_names(share: Path, books: HarvestBooks,
                                                           tmp_path: Path) -> None:
    _write_named(share / "east", GBK_NAME,
                 books.filled(books.put(tmp_path / "a.xlsx", customer_name="GBK客户")).read_bytes())
    (share / "forecast.ods").write_bytes(b"PK\x03\x04")
    (share / "loop.xlsx").symlink_to("loop.xlsx")
    db = tmp_path / "h.sqlite"
    code, _, _ = harvest(share, db)
    assert code == 0
    result = CliRunner().invoke(cli, ["build", "--db", str(db), "--out", str(tmp_path / "site"), "--lang", "en"])
    assert result.exit_code == 0, result.output
    quality = (tmp_path / "site" / "quality.html").read_text(encoding="utf-8")
    assert f"{share}/east/张三.xlsx" in quality
    assert "shown here as 张三.xlsx" in quality
    assert "OpenDocument spreadsheets are not read" in quality and "File &gt; Save As" in quality
    assert "leads back to itself" in quality
    account = next(page for page in (tmp_path / "site" / "accounts").rglob("*.html")
                   if "GBK客户" in page.read_text(encoding="utf-8"))
    assert f"{share}/east/张三.xlsx" in account.read_text(encoding="utf-8")
    shutil.rmtree(tmp_path / "site")
    exported = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "json", "--out", "-"])
    assert exported.exit_code == 0, exported.output
    sources = {deal["source"] for deal in json.loads(exported.stdout_bytes.decode("utf-8"))["deals"]}
    assert f"{share}/east/张三.xlsx" in sources


def test_a_bind_mount_of_an_ancestor_is_not_walked_twice(share: Path, tmp_path: Path, repo: Path) -> None:
    """A folder mounted below itself is a real folder, not a link: it is recognised by device and inode. The mount
    lives in a private mount namespace (`unshare -m`), so it is gone when the harvest ends, whatever happens."""
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-m", "true"], capture_output=True).returncode != 0:
        pytest.skip("needs `unshare -m` (a private mount namespace) to bind-mount a folder below itself")
    (share / "east" / "mirror").mkdir()
    before = folder_state(share)
    script = 'mount --bind "$1" "$2" && exec "$3" -c "from generator.cli.main import main; main()" harvest "$1" ' \
             '--db "$4" --as-of 2026-11-23 --json'
    done = subprocess.run(
        [unshare, "-m", "sh", "-c", script, "sh", str(share), str(share / "east" / "mirror"), sys.executable,
         str(tmp_path / "h.sqlite")],
        capture_output=True, timeout=120, env={**os.environ, "PYTHONPATH": str(repo)})
    if b"mount" in done.stderr and done.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {done.stderr.decode(errors='replace').strip()}")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert folder_state(share) == before
    good_deals_harvested(summary)
    assert summary["counts"]["conflicts"] == 0 and len(summary["workbooks"]) == 2  # not again below mirror/
