"""Every exception winplan raises on purpose: plain exceptions, one sentence each.

They know nothing of the command line; `generator.cli.main` maps each class to what the user sees and the exit code,
in one place (`EXIT_CODES`). Stop signals are not here: `generator.core.stopping.Stopped` is a BaseException.
"""

from __future__ import annotations

EXIT_PROBLEMS = 1  # problems found under --strict, nothing harvested, or the site could not be built
EXIT_USAGE = 2  # usage error or unreadable input


class WinplanError(Exception):
    """Base of winplan's errors: a sentence for the user (exit code 2 unless a subclass says otherwise)."""

    @property
    def message(self) -> str:
        return str(self)


class ConfigError(WinplanError):
    """winplan.toml is missing, malformed or has an unknown key or bad value."""


class StoreError(WinplanError):
    """The history database cannot be opened, migrated, read or written, or is empty where a snapshot is needed.

    Raised with the database as it was: every write is one transaction, rolled back on failure.
    """


class NothingHarvested(WinplanError):
    """Every workbook found was still being saved: the harvest read none and stored no snapshot."""


class SiteBuildError(WinplanError):
    """MkDocs refused to build the site (under --strict: a warning was logged)."""


class AlreadyReported(WinplanError):
    """The command has printed its report, which names every problem; only the exit code is left to give.

    Raised with no message, so the CLI adds none.
    """


class ProblemsFound(AlreadyReported):
    """--strict was given and the report lists problems."""


class UnreadableWorkbook(AlreadyReported):
    """`winplan check` was given a workbook it could not open at all (the report says which and why)."""
