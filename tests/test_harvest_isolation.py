"""Worker isolation: a crash, a hang or a memory blow-up on one input never stops the others."""

from __future__ import annotations

import multiprocessing
import os
import time

from generator.harvest.isolation import Limits, WorkerFailure, run_isolated


def _square_or_misbehave(item: int) -> int:
    if item == 3:
        os._exit(7)  # a native reader aborting the process
    if item == 5:
        time.sleep(60)  # a reader stuck on a hostile file
    if item == 7:
        raise ValueError("bad input")
    if item == 9:
        _ = bytearray(2_000 * (1 << 20))  # far over the memory cap
    return item * item


def test_every_input_gets_an_answer_despite_crash_hang_error_and_memory() -> None:
    limits = Limits(workers=2, timeout=1.5, memory_megabytes=256, batch_size=3)
    answers = dict(run_isolated(list(range(12)), _square_or_misbehave, limits))

    assert sorted(answers) == list(range(12))
    for item in (0, 1, 2, 4, 6, 8, 10, 11):
        assert answers[item] == item * item
    crashed, hung, raised, too_big = answers[3], answers[5], answers[7], answers[9]
    assert isinstance(crashed, WorkerFailure) and crashed.reason == "crashed" and crashed.exit_code == 7
    assert isinstance(hung, WorkerFailure) and hung.reason == "timeout"
    assert isinstance(raised, WorkerFailure) and raised.reason == "error" and "bad input" in raised.detail
    assert isinstance(too_big, WorkerFailure) and too_big.reason == "memory"


def test_no_inputs_starts_no_workers() -> None:
    assert list(run_isolated([], _square_or_misbehave, Limits())) == []


def test_one_worker_with_one_input_per_batch_is_still_complete() -> None:
    answers = dict(run_isolated([2, 3, 4], _square_or_misbehave, Limits(workers=1, batch_size=1, timeout=5)))
    assert answers[0] == 4 and answers[2] == 16  # keyed by position in the input list
    assert isinstance(answers[1], WorkerFailure)


def _quick_then_stuck(item: int) -> int:
    if item:
        time.sleep(60)  # a reader stuck on a hostile file
    return item


def test_stopping_early_kills_every_worker_at_once() -> None:
    # What a stop signal does to a harvest: the exception leaves the loop over the answers, which closes it.
    answers = run_isolated(list(range(5)), _quick_then_stuck, Limits(workers=3, batch_size=1, timeout=120))
    assert next(answers) == (0, 0)
    workers = multiprocessing.active_children()
    assert len(workers) == 3
    started = time.monotonic()
    answers.close()
    assert time.monotonic() - started < 3  # killed, not asked to finish: the old way took 2 s per worker
    assert not [worker for worker in workers if worker.is_alive()]
    assert multiprocessing.active_children() == []
