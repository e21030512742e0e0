"""Regenerate the example workbooks in examples/workbooks/: `python examples/generate.py`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's generator and examples first

from examples.deals import write_examples

if __name__ == "__main__":
    for path in write_examples(Path(__file__).resolve().parent / "workbooks"):
        print(f"wrote {path}")
