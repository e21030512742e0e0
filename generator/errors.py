"""Every exception winplan raises on purpose: a one-sentence message for the user and the CLI's exit code.

No click here: the scoring core (config, reader, scoring) raises these and also runs in xlwings Lite, where the
CLI's dependencies are not installed. The `winplan` command group shows them as click shows its own errors.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_PROBLEMS = 1  # problems found under --strict
EXIT_USAGE = 2  # usage error or unreadable input


class WinplanError(Exception):
    """Base of winplan's errors: a message for the user and exit code 2."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(WinplanError):
    """winplan.toml is missing, malformed or has an unknown key or bad value."""


class UnreadableWorkbook(WinplanError):
    """A workbook that cannot be opened at all (not a problem inside it)."""


class StoreError(WinplanError):
    """The history database cannot be opened, migrated, read or written, or is empty where a snapshot is needed.

    Raised with the database as it was: every write is one transaction, rolled back on failure.
    """


class ProblemsFound(WinplanError):
    """--strict was given and problems were found."""

    exit_code = EXIT_PROBLEMS


class NothingHarvested(WinplanError):
    """Every workbook found was still being saved: the harvest read none and stored no snapshot."""

    exit_code = EXIT_PROBLEMS
