"""The README's quick start is two one-line commands, and CI runs exactly those two (so they cannot drift)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def quick_start_commands() -> list[str]:
    """The shell blocks of the README's Quick start section, each as its text."""
    readme = REPO.joinpath("README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", section, flags=re.DOTALL)]


def ci_lines() -> list[str]:
    return [line.strip() for line in REPO.joinpath(".ci", "run").read_text(encoding="utf-8").splitlines()]


def test_the_quick_start_is_two_one_line_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2, commands
    assert all("\n" not in command for command in commands), commands


def test_ci_runs_both_quick_start_commands_verbatim() -> None:
    lines = ci_lines()
    for command in quick_start_commands():
        assert command in lines, f"`{command}` from the README is not a line of .ci/run"


def test_ci_runs_the_quick_start_with_the_system_python() -> None:
    lines = ci_lines()
    first, second = quick_start_commands()
    ci = REPO.joinpath(".ci", "run").read_text(encoding="utf-8")
    assert "SYSTEM_PYTHON=/usr/bin/python3" in ci
    # The PATH check comes before the README's first command, so its `python3` is Debian's own.
    check = next(i for i, line in enumerate(lines) if '"$(command -v python3)" = "$SYSTEM_PYTHON"' in line)
    assert check < lines.index(first) < lines.index(second)


def test_the_first_command_demos_from_a_virtual_environment_in_the_checkout() -> None:
    first, second = quick_start_commands()
    # Never into the system Python: Debian and Ubuntu refuse that (PEP 668, externally-managed-environment).
    assert first.startswith("python3 -m venv .venv && ")
    assert first.endswith(".venv/bin/winplan demo")
    assert "pip install" not in first.split("&&")[0]
    assert second.startswith(".venv/bin/pip install -e '.[test]'") and second.endswith(".venv/bin/python -m pytest")
    assert ".venv/" in REPO.joinpath(".gitignore").read_text(encoding="utf-8").splitlines()
