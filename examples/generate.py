"""Regenerate the example workbooks in examples/workbooks/: `python examples/generate.py`."""

from __future__ import annotations

from pathlib import Path

from generator.workbook.examples import write_examples

if __name__ == "__main__":
    for path in write_examples(Path(__file__).resolve().parent / "workbooks"):
        print(f"wrote {path}")
