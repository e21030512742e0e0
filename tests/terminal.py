"""Run winplan with stderr on a pseudo-terminal, as a person at a terminal sees its progress bars."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_on_a_terminal(*arguments: str, cwd: Path = REPO) -> tuple[int, str, str]:
    """`python -m generator ARGUMENTS` with stderr on a pseudo-terminal: (exit code, terminal text, stdout)."""
    main, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", *arguments], cwd=cwd, stdout=subprocess.PIPE, stderr=terminal,
            env={**os.environ, "COLUMNS": "100", "PYTHONPATH": str(REPO)})
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the terminal closed: the command is done
                break
            if not chunk:
                break
            shown += chunk
        stdout, _ = process.communicate(timeout=300)
    finally:
        os.close(main)
    return process.returncode, shown.decode("utf-8", errors="replace"), stdout.decode("utf-8")
