"""Workers get their next batch before finishing the current one, and a crash still blames the right input."""

from __future__ import annotations

import os

from generator.harvest.isolation import Limits, WorkerFailure, run_isolated


def _square_or_crash(item: int) -> int:
    if item in (5, 13):
        os._exit(3)  # a native reader aborting the process, with a prefetched batch still unread
    return item * item


def test_a_crash_with_a_prefetched_batch_blames_only_its_input() -> None:
    answers = dict(run_isolated(list(range(40)), _square_or_crash, Limits(workers=1, batch_size=4, timeout=10)))
    assert sorted(answers) == list(range(40))
    for item in range(40):
        answer = answers[item]
        if item in (5, 13):
            assert isinstance(answer, WorkerFailure) and answer.reason == "crashed" and answer.exit_code == 3
        else:
            assert answer == item * item


def test_two_workers_with_prefetching_answer_every_input_once() -> None:
    seen = [index for index, _ in run_isolated(list(range(100)), _square_or_crash, Limits(workers=2, batch_size=6))]
    assert sorted(seen) == list(range(100))
