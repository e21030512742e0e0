"""Progress on stderr while a command works: one click progress bar per phase (files harvested, pages rendered,
pages written), each created once its total is known. Silent when disabled (stderr is not a terminal)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click


class ProgressBars:
    """Done-of-total bars on stderr, one phase after another; use as a context manager."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.label = ""

    def phase(self, label: str) -> Callable[[int, int], None]:
        """The callback `update(done, total)` of the phase `label`; its first call replaces the previous bar."""
        def update(done: int, total: int) -> None:
            if not self.enabled:
                return
            if self.bar is None or self.label != label:
                self._close()
                self.label = label
                self.bar = click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True)
                self.bar.__enter__()
            self.bar.update(done - self.bar.pos)

        return update

    def _close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def __enter__(self) -> ProgressBars:
        return self

    def __exit__(self, *_: object) -> None:
        self._close()

