"""Run `winplan harvest` as a user does, with test hooks: by default a reader that announces itself and hangs.

    python tests/harvest_driver.py MARKS [--no-death-signal] [--no-watchdog] [--hang-in-save] [--record-reads]
        [--start-at=EPOCH] -- harvest ARGS...

Each worker that starts a reading creates MARKS/reader-<pid>; the reading then sleeps for a minute, so the
harvest is surely still running when the test sends its signal. With `--record-reads` the reading goes on at
once instead, and MARKS/read-<name> records each workbook read. `--hang-in-save` reads normally and hangs inside
the snapshot's transaction (MARKS/saving-<pid>). The `--no-...` options switch off one of the ways a worker
notices that its parent died, so a test can show the others suffice. `--start-at` waits, once everything is
imported, until that moment (seconds since the epoch), so two harvests open their database at the same instant.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from generator.cli.commands import harvest as command
from generator.core.model import Problem
from generator.harvest import harvest_run, isolation
from generator.harvest.reading import ReadOutcome, ReadTask, read_and_score
from generator.store import store as store_module

HANG_SECONDS = 60.0


def _mark(marks: Path, what: str) -> None:
    (marks / f"{what}-{os.getpid()}").touch()


def hanging_reader(marks: Path, task: ReadTask) -> ReadOutcome:
    _mark(marks, "reader")
    time.sleep(HANG_SECONDS)
    return read_and_score(task)


def recording_reader(marks: Path, task: ReadTask) -> ReadOutcome:
    (marks / f"read-{Path(task.path).name}").touch()
    return read_and_score(task)


def main(argv: list[str]) -> None:
    separator = argv.index("--")
    marks, options, arguments = Path(argv[0]), set(argv[1:separator]), argv[separator + 1:]
    if "--no-death-signal" in options:
        isolation._die_with_parent = lambda: None
    if "--no-watchdog" in options:
        isolation._watch_parent = lambda parent: None
    if "--hang-in-save" in options:
        dump = store_module._dump_problems  # called for every workbook row, inside the transaction

        def hang_then_dump(problems: Sequence[Problem]) -> str:
            _mark(marks, "saving")
            time.sleep(HANG_SECONDS)
            return dump(problems)

        store_module._dump_problems = hang_then_dump
    else:
        reader = recording_reader if "--record-reads" in options else hanging_reader
        hooked = functools.partial(harvest_run, reader=functools.partial(reader, marks))
        command.harvest_run = hooked  # type: ignore[attr-defined]
    from generator.cli.main import cli

    for option in options:
        if option.startswith("--start-at="):
            time.sleep(max(0.0, float(option.split("=", 1)[1]) - time.time()))
    cli(arguments, prog_name="winplan")


if __name__ == "__main__":
    main(sys.argv[1:])
