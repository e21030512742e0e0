"""The `winplan` command line: `main` parses options, `commands` does the work (its words: core/wording/cli.py)."""
