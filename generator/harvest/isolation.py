"""Run a function over many inputs in worker processes that a hostile input cannot take down with the harvest.

A native reader can abort the whole process, exhaust memory or hang. Each worker therefore runs with an address
space limit, every input has a time limit, and a worker that dies or overruns is killed and replaced: its input
becomes a `WorkerFailure` and the rest of its batch goes to a fresh worker. Inputs are sent in batches so the
per-file cost of talking to a worker stays small.

No worker outlives the harvest. When the harvest stops, normally or because of an exception (a signal the CLI
turns into one), every worker it started is killed. When the harvest's process itself dies without cleaning up
(SIGKILL), each worker notices on its own: on Linux the kernel kills it (`PR_SET_PDEATHSIG`); on every POSIX
system a watchdog thread ends it once it has been handed to a new parent; and since no other process holds the
parent's end of its pipe (a forked worker closes the copies it inherited), a worker waiting for work sees the
parent's death as end-of-file, which is also how a spawned worker on Windows notices.
"""

from __future__ import annotations

import contextlib
import ctypes
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkContext, SpawnContext
from multiprocessing.process import BaseProcess
from typing import Generic, Literal, TypeVar

from generator.core.stopping import STOP_SIGNALS

T = TypeVar("T")
R = TypeVar("R")

MEGABYTE = 1 << 20
MAX_WORKERS = 8
START_METHOD_ENV = "WINPLAN_START_METHOD"  # "spawn" forces the start method of Windows and macOS


def start_method() -> Literal["fork", "spawn"]:
    """How workers start: fork on Linux (cheapest to (re)start), spawn elsewhere (the only safe choice there).

    WINPLAN_START_METHOD=spawn, or a program's multiprocessing.set_start_method("spawn"), forces the
    Windows/macOS path on Linux, so it is tested there too.
    """
    forced = os.environ.get(START_METHOD_ENV, "").strip().lower() or multiprocessing.get_start_method(allow_none=True)
    if forced == "spawn":
        return "spawn"
    return "fork" if sys.platform == "linux" else "spawn"


WATCHDOG_SECONDS = 0.5  # how often a worker checks that its parent is still alive


def default_workers() -> int:
    """One worker per core, at most MAX_WORKERS."""
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


@dataclass(frozen=True)
class Limits:
    """How many workers, and how much time and memory one input may take."""

    workers: int = field(default_factory=default_workers)
    timeout: float = 60.0  # seconds for one input; a real account plan reads in well under a second
    memory_megabytes: int = 768  # address space a worker may add on top of what it starts with
    batch_size: int | None = None  # inputs per message to a worker; None picks one from the input count


@dataclass(frozen=True)
class WorkerFailure:
    """Why an input produced no result: the worker crashed, overran its time, ran out of memory or raised."""

    reason: Literal["crashed", "timeout", "memory", "error"]
    detail: str
    exit_code: int | None = None


def run_isolated(inputs: Sequence[T], work: Callable[[T], R],
                 limits: Limits) -> Iterator[tuple[int, R | WorkerFailure]]:
    """Yield (index, result or failure) for every input, in completion order, computed in worker processes.

    `work` must be a module-level function (it is pickled when processes are spawned rather than forked).
    """
    if not inputs:
        return
    pool = _Pool(work, limits, len(inputs))
    try:
        yield from pool.run(list(enumerate(inputs)))
    except BaseException:  # an error, a stop signal or the consumer closing us early: no worker may live on
        pool.kill()
        raise
    pool.shutdown()


class _Worker(Generic[T]):
    """One worker process, the batch it is working through and when its current input must be done by."""

    def __init__(self, process: BaseProcess, connection: Connection) -> None:
        self.process = process
        self.connection = connection
        self.batch: deque[tuple[int, T]] = deque()
        self.deadline = math.inf


class _Pool(Generic[T, R]):
    def __init__(self, work: Callable[[T], R], limits: Limits, count: int) -> None:
        self.work = work
        self.limits = limits
        self.context: ForkContext | SpawnContext = (
            multiprocessing.get_context("spawn") if start_method() == "spawn" else multiprocessing.get_context("fork"))
        self.batch_size = limits.batch_size or max(1, min(16, math.ceil(count / (max(1, limits.workers) * 4))))
        self.workers: list[_Worker[T]] = []
        self.started: list[_Worker[T]] = []  # every worker ever started, so none escapes `kill`

    def run(self, pending_list: list[tuple[int, T]]) -> Iterator[tuple[int, R | WorkerFailure]]:
        pending = deque(pending_list)
        self.workers = [self._start() for _ in range(min(max(1, self.limits.workers), len(pending)))]
        for worker in self.workers:
            self._assign(worker, pending)
        while any(worker.batch for worker in self.workers):
            busy = [worker for worker in self.workers if worker.batch]
            timeout = max(0.0, min(worker.deadline for worker in busy) - time.monotonic())
            ready = wait([worker.connection for worker in busy], timeout)
            for worker in busy:
                if worker.connection in ready:
                    yield from self._receive(worker, pending)
                elif time.monotonic() >= worker.deadline:
                    index, _ = worker.batch.popleft()
                    yield index, WorkerFailure("timeout", f"took longer than {self.limits.timeout:g} s")
                    self._replace(worker, pending)

    def _receive(self, worker: _Worker[T], pending: deque[tuple[int, T]]) -> Iterator[
            tuple[int, R | WorkerFailure]]:
        try:
            index, _ok, value = worker.connection.recv()
        except (EOFError, OSError):
            worker.process.join(5)
            exit_code = worker.process.exitcode
            culprit, _ = worker.batch.popleft()  # the worker answers in order: the first unanswered input killed it
            yield culprit, WorkerFailure("crashed", f"the worker process died (exit code {exit_code})", exit_code)
            self._replace(worker, pending)
            return
        expected, _ = worker.batch.popleft()
        assert index == expected, "a worker answers its batch in order"
        yield index, value  # a result when ok, else the WorkerFailure the worker reported
        worker.deadline = time.monotonic() + self.limits.timeout
        if len(worker.batch) <= self.batch_size // 2:
            # Send the next batch while this one is still being worked through, so the worker never waits for
            # the parent between batches. It answers in the order sent, so the first unanswered input is still
            # the one it is working on.
            self._assign(worker, pending)

    def _assign(self, worker: _Worker[T], pending: deque[tuple[int, T]]) -> None:
        if not pending:
            return
        if not worker.batch and not worker.process.is_alive():  # died idle (killed from outside): nothing to blame
            _stop(worker)
            worker = self._swap(worker)
        batch = [pending.popleft() for _ in range(min(self.batch_size, len(pending)))]
        idle = not worker.batch
        worker.batch.extend(batch)
        # A worker that already died makes send fail; the next wait() sees end-of-file and handles the crash.
        with contextlib.suppress(OSError):
            worker.connection.send(batch)
        if idle:  # a busy worker's deadline is that of the input it is on, set when its last answer came
            worker.deadline = time.monotonic() + self.limits.timeout

    def _replace(self, worker: _Worker[T], pending: deque[tuple[int, T]]) -> None:
        """Kill `worker`, put the rest of its batch back in front of the queue and start a fresh worker."""
        _stop(worker)
        pending.extendleft(reversed(worker.batch))
        worker.batch.clear()
        self._assign(self._swap(worker), pending)

    def _swap(self, worker: _Worker[T]) -> _Worker[T]:
        """Put a fresh worker in `worker`'s place."""
        fresh = self._start()
        self.workers[self.workers.index(worker)] = fresh
        return fresh

    def _start(self) -> _Worker[T]:
        parent_end, child_end = self.context.Pipe(duplex=True)
        # A forked worker holds copies of the parent's pipe ends; it closes them so the parent's death is EOF.
        forked = self.context.get_start_method() == "fork"
        inherited = [*(w.connection for w in self.started), parent_end] if forked else []
        process = self.context.Process(
            target=_serve, args=(child_end, self.work, self.limits.memory_megabytes, os.getpid(), inherited),
            daemon=True, name="winplan-reader")
        # Stop signals wait while the worker is started and recorded, so a stop can never leave one unrecorded
        # (and a forked worker never runs the parent's handlers: it resets them before taking signals).
        with _signals_blocked():
            process.start()
            worker = _Worker[T](process, parent_end)
            self.started.append(worker)
        child_end.close()  # only the worker holds its end, so its death shows as end-of-file here
        return worker

    def shutdown(self, grace: float = 2.0) -> None:
        """Ask every worker to finish, give them `grace` seconds in all, then kill what is left."""
        try:
            for worker in self.workers:
                with contextlib.suppress(OSError):
                    worker.connection.send(None)
            deadline = time.monotonic() + grace
            for worker in self.workers:
                worker.process.join(max(0.0, deadline - time.monotonic()))
        finally:
            self.kill()

    def kill(self) -> None:
        """Kill every worker this pool started, at once, and wait for them to go."""
        for worker in self.started:
            if worker.process.is_alive():
                with contextlib.suppress(OSError):
                    worker.process.kill()
        for worker in self.started:
            _stop(worker)


def _stop(worker: _Worker[T]) -> None:
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join(5)
    worker.connection.close()


def _serve(connection: Connection, work: Callable[[T], R], memory_megabytes: int, parent: int,
           inherited: Sequence[Connection]) -> None:
    """Worker loop: answer each batch input by input, in order, until told to stop."""
    _become_worker(parent, inherited)
    _limit_memory(memory_megabytes)
    while True:
        try:
            batch = connection.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        for index, item in batch:
            try:
                answer: tuple[int, bool, object] = (index, True, work(item))
            except MemoryError:
                answer = (index, False, WorkerFailure("memory", f"needed more than {memory_megabytes} MB"))
            except Exception as error:  # a bug or a hostile file: reported for this input, the worker goes on
                answer = (index, False, WorkerFailure("error", f"{type(error).__name__}: {error}"))
            try:
                connection.send(answer)
            except Exception as error:  # an unpicklable result
                connection.send((index, False, WorkerFailure("error", f"{type(error).__name__}: {error}")))


def _become_worker(parent: int, inherited: Sequence[Connection]) -> None:
    """Take the signals a worker should take, and make sure it ends when its parent does."""
    # Ctrl-C reaches the whole process group: it is the parent's to handle, and the parent kills the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for number in STOP_SIGNALS:
        if number != signal.SIGINT:
            signal.signal(number, signal.SIG_DFL)  # not the parent's handlers, inherited by fork
    for end in inherited:
        end.close()
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the kernel was told to watch it
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="winplan-watchdog", daemon=True).start()
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # blocked by the parent around the start


def _die_with_parent() -> None:
    """Linux: have the kernel SIGKILL this process when the thread that started it exits."""
    if sys.platform != "linux":
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)  # the C library Python runs on (no ldconfig lookup per worker)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)


def _watch_parent(parent: int) -> None:
    """Everywhere: end this worker once its parent is gone (it is then adopted, and its parent id changes)."""
    while os.getppid() == parent:
        time.sleep(WATCHDOG_SECONDS)
    os._exit(1)


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold the stop signals back (where the platform can) until the block ends; they are delivered then."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _limit_memory(megabytes: int) -> None:
    """Cap this process's address space at what it uses now plus `megabytes` (Linux; elsewhere best effort)."""
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the time limit still applies
        return
    try:
        with open("/proc/self/statm") as statm:
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        current = 0
    limit = current + megabytes * MEGABYTE
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):  # e.g. macOS refuses RLIMIT_AS: run without the cap
        pass
