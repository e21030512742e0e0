"""The `winplan` command line: `main` parses options, `commands` does the work, `wording` holds its words."""
