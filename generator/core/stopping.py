"""Stop signals as an exception: SIGINT, SIGTERM and SIGHUP raise `Stopped` in the main thread.

A harvest stopped by Ctrl-C, a closed terminal or a scheduler's timeout then unwinds like any error: its workers
are killed, an open transaction is rolled back, and the command says so in one line with exit code 128 + the
signal's number (130 for Ctrl-C), the shell's convention for a process ended by a signal.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Stopped(BaseException):  # like KeyboardInterrupt: no `except Exception` may swallow it
    """A stop signal arrived. Not an Exception, so only the command that installed the handlers catches it."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number
        self.name = signal.Signals(number).name
        self.exit_code = 128 + number
        self.stored_snapshot: int | None = None  # set when the stop came after a snapshot was stored

    def __str__(self) -> str:
        return f"stopped by {self.name}"


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, the first stop signal raises `Stopped`; later ones are ignored so the cleanup finishes.

    Outside the main thread (where Python cannot install handlers) the block changes nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stopping: list[int] = []

    def handle(number: int, _frame: FrameType | None) -> None:
        if stopping:
            return
        stopping.append(number)
        raise Stopped(number)

    previous = {number: signal.signal(number, handle) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
