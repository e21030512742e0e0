"""Time one click of Score through xlwings on the example workbooks, and count the engine calls it makes.

    python benchmarks/score_button.py

Uses the openpyxl test engine (tests/xlwings_openpyxl_engine.py), so the times are Python's share only. In
Excel every range read or write is one round trip to Excel (COM on Windows, AppleScript on Mac); the counts
printed here let you estimate a click there: calls x round-trip time.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import xlwings_openpyxl_engine as engine  # noqa: E402

from worksheets.score_button import score_book  # noqa: E402

AS_OF = date(2026, 11, 23)


def counted(calls: Counter[str]) -> None:
    """Count value reads, value writes and fill writes on the engine's ranges."""
    value = engine.Range.raw_value
    colour = engine.Range.color
    assert value.fget and value.fset and colour.fset

    def read(self: engine.Range) -> object:
        calls["value reads"] += 1
        return value.fget(self)  # type: ignore[misc]

    def write(self: engine.Range, data: object) -> None:
        calls["value writes"] += 1
        value.fset(self, data)  # type: ignore[misc]

    def paint(self: engine.Range, fill: object) -> None:
        calls["fill writes"] += 1
        colour.fset(self, fill)  # type: ignore[misc]

    engine.Range.raw_value = property(read, write)  # type: ignore[method-assign,assignment]
    engine.Range.color = property(colour.fget, paint)  # type: ignore[method-assign,assignment]


def main() -> None:
    calls: Counter[str] = Counter()
    counted(calls)
    examples = sorted((REPO / "examples" / "workbooks").glob("*.xlsx"))
    seconds: list[float] = []
    with tempfile.TemporaryDirectory() as scratch:
        for example in examples:
            path = Path(shutil.copyfile(example, Path(scratch) / example.name))
            book = engine.open_book(path)
            started = time.perf_counter()
            score_book(book, as_of=AS_OF)
            seconds.append(time.perf_counter() - started)
            book.close()
        shutil.rmtree(scratch, ignore_errors=True)
    clicks = len(examples)
    print(f"{clicks} workbooks, one click each (open and save not included)")
    print(f"median {statistics.median(seconds) * 1000:.0f} ms, max {max(seconds) * 1000:.0f} ms per click")
    for what, count in sorted(calls.items()):
        print(f"{what}: {count / clicks:.0f} per click")


if __name__ == "__main__":
    main()
