"""`winplan build --out` owns its folder or refuses it, publishes atomically, and `winplan serve` stops cleanly.

Every test runs the real CLI on a database harvested from the example workbooks; the killed build and `serve`
run as real subprocesses (`python -m generator` from this checkout).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli.commands import demo
from generator.cli.main import cli
from generator.site import publish
from generator.site.publish import LOCK_SIGNATURE, MANIFEST

REPO = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-20"
GBK_NAME = os.fsdecode(b"\xb1\xa8\xbc\xdb.docx")  # "报价.docx" in GBK: not valid UTF-8


def harvest(folder: Path, db: Path) -> None:
    result = CliRunner().invoke(cli, ["harvest", str(folder), "--db", str(db), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(every example deal, the same minus one workbook, the account page only the first one has)."""
    root = tmp_path_factory.mktemp("dbs")
    every = root / "every.sqlite"
    harvest(demo.EXAMPLES, every)
    fewer_folder = root / "fewer"
    shutil.copytree(demo.EXAMPLES, fewer_folder)
    left_out = sorted(fewer_folder.glob("*.xls*"))[0]
    left_out.unlink()
    fewer = root / "fewer.sqlite"
    harvest(fewer_folder, fewer)
    with_all, with_fewer = root / "all-site", root / "fewer-site"
    assert build(every, with_all).exit_code == 0
    assert build(fewer, with_fewer).exit_code == 0
    only_in_all = sorted(set(pages(with_all)) - set(pages(with_fewer)))
    assert len(only_in_all) == 1, only_in_all
    return every, fewer, only_in_all[0]


def pages(site: Path) -> list[str]:
    return [p.relative_to(site).as_posix() for p in (site / "accounts").glob("*.html")]


def build(db: Path, out: Path, *options: str) -> Result:
    return CliRunner().invoke(cli, ["build", "--db", str(db), "--out", str(out), "--lang", "en", *options])


def contents(folder: Path) -> dict[str, tuple[str, bytes | str | None]]:
    """Every entry below `folder` (dotfiles too): kind and bytes, link target, or None for a folder."""
    found: dict[str, tuple[str, bytes | str | None]] = {}
    for directory, subfolders, files in os.walk(folder):
        for name in subfolders + files:
            path = Path(directory, name)
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path))
            elif path.is_dir():
                found[rel] = ("folder", None)
            else:
                found[rel] = ("file", path.read_bytes())
    return found


def leftovers(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.winplan-build-*"))


def manifest_files(site: Path) -> list[str]:
    files: list[str] = json.loads((site / MANIFEST).read_text(encoding="utf-8"))["files"]
    return files


def one_sentence_error(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit), result.exception
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


# --- folders that are not winplan's are refused, untouched ---------------------------------------------------


def test_a_home_folder_with_dotfiles_and_documents_is_refused_and_left_intact(databases: tuple[Path, Path, str],
                                                                              tmp_path: Path) -> None:
    home = tmp_path / "svc-home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".bashrc").write_text("export PATH=$PATH:~/bin\n", encoding="utf-8")
    (home / ".ssh" / "authorized_keys").write_text("ssh-ed25519 AAAA key\n", encoding="utf-8")
    (home / "Documents").mkdir()
    (home / "Documents" / "contract.docx").write_bytes(b"PK\x03\x04 signed contract")
    before = contents(home)
    message = one_sentence_error(build(databases[0], home))
    assert "not a winplan site" in message and ".bashrc" in message and "Documents" in message
    assert contents(home) == before
    assert leftovers(home) == []
    # The next build is refused the same way: nothing was left behind that makes the folder look like a site.
    one_sentence_error(build(databases[0], home))
    assert contents(home) == before


def test_a_folder_with_only_a_dotfile_is_not_empty(databases: tuple[Path, Path, str], tmp_path: Path) -> None:
    home = tmp_path / "fresh-home"
    home.mkdir()
    (home / ".bashrc").write_text("# nothing yet\n", encoding="utf-8")
    message = one_sentence_error(build(databases[0], home))
    assert ".bashrc" in message
    assert contents(home) == {".bashrc": ("file", b"# nothing yet\n")}


def test_a_web_root_that_looks_like_a_site_but_has_no_manifest_is_refused(databases: tuple[Path, Path, str],
                                                                          tmp_path: Path) -> None:
    www = tmp_path / "www"
    (www / "search").mkdir(parents=True)
    (www / "index.html").write_text("<h1>Intranet</h1>", encoding="utf-8")
    (www / "search" / "search_index.json").write_text("{}", encoding="utf-8")
    (www / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    (www / "hr").mkdir()
    (www / "hr" / "salaries.xlsx").write_bytes(b"PK private")
    (www / ".htaccess").write_text("Require all granted\n", encoding="utf-8")
    before = contents(www)
    message = one_sentence_error(build(databases[0], www))
    assert "not a winplan site" in message and MANIFEST in message
    assert contents(www) == before and leftovers(www) == []


def test_a_site_of_an_older_winplan_without_a_manifest_is_refused(databases: tuple[Path, Path, str],
                                                                  tmp_path: Path) -> None:
    old = tmp_path / "old-site"
    (old / "search").mkdir(parents=True)
    (old / ".winplan-site").write_text("built by winplan build; this folder is emptied on every build\n",
                                       encoding="utf-8")
    (old / "index.html").write_text("<h1>old</h1>", encoding="utf-8")
    (old / "Documents").mkdir()
    (old / "Documents" / "contract.docx").write_bytes(b"contract")
    before = contents(old)
    message = one_sentence_error(build(databases[0], old))
    assert "older winplan" in message
    assert contents(old) == before


def test_a_manifest_that_points_outside_the_site_is_refused(databases: tuple[Path, Path, str],
                                                            tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("not the site's", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>x</h1>", encoding="utf-8")
    (site / MANIFEST).write_text(json.dumps({"generator": "winplan", "format": 1,
                                             "files": ["index.html", "../outside.txt"]}), encoding="utf-8")
    before = contents(tmp_path)
    message = one_sentence_error(build(databases[0], site))
    assert "damaged" in message
    assert contents(tmp_path) == before


# --- winplan's own folders ------------------------------------------------------------------------------------


def test_a_new_or_truly_empty_folder_gets_a_site_with_a_manifest_of_every_file(databases: tuple[Path, Path, str],
                                                                              tmp_path: Path) -> None:
    for out in (tmp_path / "new" / "site", tmp_path / "empty"):
        if out.name == "empty":
            out.mkdir()
        result = build(databases[0], out)
        assert result.exit_code == 0, result.output
        written = sorted(rel for rel, (kind, _) in contents(out).items() if kind == "file" and rel != MANIFEST)
        assert manifest_files(out) == written and "index.html" in written
        assert leftovers(out) == []


def test_two_builds_in_a_row_replace_winplans_files_and_keep_everyone_elses(databases: tuple[Path, Path, str],
                                                                            tmp_path: Path) -> None:
    every, fewer, only_in_every = databases
    site = tmp_path / "site"
    assert build(every, site).exit_code == 0
    first_manifest = manifest_files(site)
    assert only_in_every in first_manifest
    # Someone uses the published folder for their own files.
    (site / "contract.docx").write_bytes(b"PK\x03\x04 the signed contract")
    (site / "accounts" / "notes.txt").write_text("call the CFO", encoding="utf-8")
    (site / "team" / "2026").mkdir(parents=True)
    (site / "team" / "2026" / "plan.md").write_text("# plan", encoding="utf-8")
    (site / ".well-known").mkdir()
    (site / ".well-known" / "security.txt").write_text("Contact: it@example.invalid", encoding="utf-8")
    (site / GBK_NAME).write_bytes(b"quote")
    os.symlink("/etc/hostname", site / "hostname-link")
    foreign = {rel: entry for rel, entry in contents(site).items()
               if rel.split("/")[0] in ("contract.docx", "team", ".well-known", GBK_NAME, "hostname-link")
               or rel == "accounts/notes.txt"}
    inode = (site / "contract.docx").stat().st_ino

    second = build(fewer, site)
    assert second.exit_code == 0, second.output
    assert "winplan did not write" in second.output and "contract.docx" in second.output
    now = contents(site)
    assert {rel: now.get(rel) for rel in foreign} == foreign
    assert (site / "contract.docx").stat().st_ino == inode  # moved, never copied or rewritten
    # The old site's own files are replaced: the deal that left the harvest has no page any more.
    assert not (site / only_in_every).exists()
    new_manifest = manifest_files(site)
    assert only_in_every not in new_manifest
    assert not set(foreign) & set(new_manifest)
    assert set(now) == set(foreign) | set(new_manifest) | {MANIFEST} | {
        rel for rel, (kind, _) in now.items() if kind == "folder"}
    assert leftovers(site) == []
    # And again: they stay, build after build.
    assert build(every, site).exit_code == 0
    assert {rel: contents(site).get(rel) for rel in foreign} == foreign
    assert (site / only_in_every).is_file()


def test_without_an_atomic_exchange_the_two_rename_swap_keeps_foreign_files_too(
        databases: tuple[Path, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows and macOS have no RENAME_EXCHANGE: the swap is two renames a moment apart, with the same result."""
    monkeypatch.setattr(publish, "_exchange", lambda _first, _second: False)
    every, fewer, only_in_every = databases
    site = tmp_path / "site"
    assert build(every, site).exit_code == 0
    (site / "contract.docx").write_bytes(b"contract")
    result = build(fewer, site)
    assert result.exit_code == 0, result.output
    assert (site / "contract.docx").read_bytes() == b"contract" and not (site / only_in_every).exists()
    assert (site / "index.html").is_file() and leftovers(site) == []


def test_a_foreign_file_where_the_new_site_writes_is_refused_before_anything_changes(
        databases: tuple[Path, Path, str], tmp_path: Path) -> None:
    every, fewer, only_in_every = databases
    site = tmp_path / "site"
    assert build(fewer, site).exit_code == 0
    (site / only_in_every).write_text("my own page, not winplan's", encoding="utf-8")
    before = contents(site)
    message = one_sentence_error(build(every, site))
    assert only_in_every in message and "Nothing was changed" in message
    assert contents(site) == before and leftovers(site) == []


# --- killed builds ---------------------------------------------------------------------------------------------


def test_a_build_killed_while_mkdocs_runs_leaves_the_published_site_whole(databases: tuple[Path, Path, str],
                                                                          tmp_path: Path) -> None:
    every, fewer, only_in_every = databases
    site = tmp_path / "site"
    assert build(every, site).exit_code == 0
    (site / "contract.docx").write_bytes(b"contract")
    published = contents(site)
    command = [sys.executable, "-m", "generator", "build", "--db", str(fewer), "--out", str(site), "--lang", "en"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if any(any((staging / "site").glob("*")) for staging in leftovers(site)):
                break  # MkDocs is writing the new site
            time.sleep(0.005)
        assert process.poll() is None, "the build ended before MkDocs could be caught writing"
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    assert contents(site) == published
    assert len(leftovers(site)) == 1  # the dead build's folder, beside the site
    # The next build cleans up after it and publishes.
    result = build(fewer, site)
    assert result.exit_code == 0, result.output
    assert "interrupted build" in result.output
    assert leftovers(site) == []
    assert not (site / only_in_every).exists() and (site / "contract.docx").read_bytes() == b"contract"


def test_a_build_killed_between_the_two_renames_of_a_swap_is_undone(databases: tuple[Path, Path, str],
                                                                    tmp_path: Path) -> None:
    """Without an atomic exchange, a swap is two renames; a build killed between them leaves the old site in
    `previous/` of its staging folder, and the next build puts it back before anything else."""
    every, _fewer, _only = databases
    site = tmp_path / "site"
    assert build(every, site).exit_code == 0
    (site / "contract.docx").write_bytes(b"contract")
    published = contents(site)
    staging = tmp_path / ".site.winplan-build-dead1234"
    staging.mkdir()
    (staging / ".lock").write_text(f"{LOCK_SIGNATURE} (process 12345)\n", encoding="utf-8")  # nobody holds it
    site.rename(staging / "previous")
    result = build(every, site)
    assert result.exit_code == 0, result.output
    assert "Put back the site" in result.output
    assert contents(site)["contract.docx"] == published["contract.docx"]
    assert set(published) <= set(contents(site))
    assert leftovers(site) == []


def test_a_swapped_out_site_whose_files_have_nowhere_to_go_is_kept_whole(databases: tuple[Path, Path, str],
                                                                         tmp_path: Path) -> None:
    """A build killed right after the exchange leaves the old site (with someone's contract) in its staging
    folder; if `out` is meanwhile not a winplan site, the contract cannot move there and must stay put."""
    every, _fewer, _only = databases
    site = tmp_path / "site"
    assert build(every, site).exit_code == 0
    (site / "contract.docx").write_bytes(b"contract")
    staging = tmp_path / ".site.winplan-build-dead5678"
    staging.mkdir()
    (staging / ".lock").write_text(f"{LOCK_SIGNATURE} (process 12345)\n", encoding="utf-8")
    site.rename(staging / "site")
    site.mkdir()
    (site / "mine.txt").write_text("someone else's folder now", encoding="utf-8")
    for _attempt in range(2):
        message = one_sentence_error(build(every, site))
        assert "not a winplan site" in message
        assert (staging / "site" / "contract.docx").read_bytes() == b"contract"
        assert (staging / "site" / MANIFEST).is_file()
        assert not (staging / "site" / "index.html").exists()  # winplan's own files did go
    assert contents(site) == {"mine.txt": ("file", b"someone else's folder now")}


def test_the_staging_folder_of_a_build_still_running_is_left_alone(databases: tuple[Path, Path, str],
                                                                   tmp_path: Path) -> None:
    site = tmp_path / "site"
    running = tmp_path / ".site.winplan-build-running1"
    (running / "work").mkdir(parents=True)
    (running / "work" / "mkdocs.yml").write_text("{}", encoding="utf-8")
    with (running / ".lock").open("w", encoding="utf-8") as lock:
        lock.write(f"{LOCK_SIGNATURE} (process {os.getpid()})\n")
        lock.flush()
        fcntl = pytest.importorskip("fcntl")
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = build(databases[0], site)
        assert result.exit_code == 0, result.output
        assert "interrupted build" not in result.output
        assert (running / "work" / "mkdocs.yml").read_text(encoding="utf-8") == "{}"
    # Once its lock is free (the build died), the next build cleans it up; a look-alike without the lock is
    # not winplan's and stays.
    look_alike = tmp_path / ".site.winplan-build-mine"
    (look_alike / "work").mkdir(parents=True)
    (look_alike / "work" / "keep.txt").write_text("mine", encoding="utf-8")
    assert build(databases[0], site).exit_code == 0
    assert leftovers(site) == [look_alike]
    assert (look_alike / "work" / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_a_build_that_cannot_write_its_files_is_one_sentence_and_changes_nothing(
        databases: tuple[Path, Path, str], tmp_path: Path) -> None:
    """A full disk or a quota, as RLIMIT_FSIZE gives it: writes past 1 MB fail with EFBIG."""
    resource = pytest.importorskip("resource")
    every, fewer, _only = databases
    site = tmp_path / "site"
    assert build(every, site).exit_code == 0
    published = contents(site)

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))

    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--db", str(fewer), "--out", str(site), "--lang", "en"],
        cwd=REPO, capture_output=True, text=True, preexec_fn=small_files, timeout=300, check=False)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().startswith("Error: Cannot write the new site") and len(done.stderr.splitlines()) == 1
    assert "unchanged" in done.stderr
    assert contents(site) == published and leftovers(site) == []


# --- places that cannot be written ------------------------------------------------------------------------------


def test_a_parent_that_is_a_file_is_one_sentence(databases: tuple[Path, Path, str], tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(b"%PDF")
    message = one_sentence_error(build(databases[0], tmp_path / "report.pdf" / "site"))
    assert "report.pdf is a file" in message
    assert (tmp_path / "report.pdf").read_bytes() == b"%PDF"


def test_the_current_folder_is_refused_as_out(databases: tuple[Path, Path, str], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Replacing the folder a shell stands in would leave that shell in a deleted folder."""
    site = tmp_path / "site"
    assert build(databases[0], site).exit_code == 0
    before = contents(site)
    monkeypatch.chdir(site / "accounts")
    for out in (Path("."), Path("..")):
        assert "current folder" in one_sentence_error(build(databases[0], out))
    assert contents(site) == before


def test_a_read_only_place_is_one_sentence(databases: tuple[Path, Path, str], tmp_path: Path) -> None:
    if os.geteuid() == 0:  # permissions do not stop root; /sys refuses even root on Linux
        if not Path("/sys/kernel").is_dir():
            pytest.skip("running as root without /sys: no read-only place to try")
        out = Path("/sys/winplan-site")
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        out = locked / "site"
    try:
        message = one_sentence_error(build(databases[0], out))
    finally:
        if out.parent != Path("/sys"):
            out.parent.chmod(0o755)
    assert "Cannot build the site into" in message and "cannot write in" in message
    assert not out.exists()


# --- winplan serve ----------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_serve_stopped_by_a_signal_removes_its_temporary_folders(databases: tuple[Path, Path, str], tmp_path: Path,
                                                                 stop: signal.Signals) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--db", str(databases[0]), "--lang", "en",
             "--dev-addr", f"127.0.0.1:{port}"],
            cwd=REPO, stdout=output, stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(scratch)})
        try:
            page = ""
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and process.poll() is None and "Serving on" not in page:
                time.sleep(0.2)
                page = log.read_text(encoding="utf-8", errors="replace")
            assert "Serving on" in page, page
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
                assert "Team pipeline" in response.read().decode("utf-8")
            ours = sorted(p.name for p in scratch.iterdir() if p.name.startswith(("winplan-serve-", "mkdocs_")))
            assert len(ours) == 1, ours  # the site MkDocs serves; the pages themselves stay in memory
            process.send_signal(stop)
            code = process.wait(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    said = log.read_text(encoding="utf-8", errors="replace")
    assert code == 0, said
    assert "Traceback" not in said and "Stopped" in said
    assert [p.name for p in scratch.iterdir() if p.name.startswith(("winplan-serve-", "mkdocs_"))] == []


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_serve_rebuilds_when_a_new_harvest_is_stored(databases: tuple[Path, Path, str], tmp_path: Path) -> None:
    """MkDocs' watcher sees the database change and the served site follows it; nothing else triggers a build."""
    every, fewer, only_in_every = databases
    db = tmp_path / "team" / "winplan.sqlite"
    db.parent.mkdir()
    shutil.copyfile(every, db)
    port = free_port()
    log = tmp_path / "team" / "serve.log"  # written beside the database all along: must not cause rebuilds
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--db", str(db), "--lang", "en",
             "--dev-addr", f"127.0.0.1:{port}"], cwd=REPO, stdout=output, stderr=subprocess.STDOUT)
        try:
            said = ""
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and process.poll() is None and "Serving on" not in said:
                time.sleep(0.2)
                said = log.read_text(encoding="utf-8", errors="replace")
            assert "Serving on" in said, said
            page = f"http://127.0.0.1:{port}/{urllib.parse.quote(only_in_every)}"
            assert _status(page) == 200
            time.sleep(3)
            assert "Detected file changes" not in log.read_text(encoding="utf-8", errors="replace")
            shutil.copyfile(fewer, db)  # as a new harvest: the same file, new contents
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and _status(page) != 404:
                time.sleep(0.5)
            assert _status(page) == 404, log.read_text(encoding="utf-8", errors="replace")
            assert _status(f"http://127.0.0.1:{port}/index.html") == 200
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=60) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
