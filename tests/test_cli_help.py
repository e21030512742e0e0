"""Every command has help text and the group wires its options (STYLE.md: a test that every command has help)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.main import cli

COMMANDS = sorted(cli.commands)


def test_all_domain_commands_exist() -> None:
    assert set(COMMANDS) == {"templates", "new", "check", "harvest", "build", "serve", "export", "demo"}


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name: str) -> None:
    command = cli.commands[name]
    assert command.help and len(command.help.strip()) > 20
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: winplan " + name in result.output
    for parameter in command.params:
        if parameter.param_type_name == "option":
            assert getattr(parameter, "help", None), f"{name} option {parameter.name} has no help"


def test_bad_as_of_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["check", "x.xlsx", "--as-of", "23/11/2026"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_bad_language_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["build", "--lang", "fr"])
    assert result.exit_code == 2
    assert "unknown language" in result.output


def test_broken_config_is_reported_with_exit_code_2(tmp_path: Path) -> None:
    config = tmp_path / "winplan.toml"
    config.write_text("[thresholds]\nstale_dayz = 3\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), "check", "missing.xlsx"])
    assert result.exit_code == 2
    assert "stale_dayz" in result.output
