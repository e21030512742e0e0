"""Every fixed word winplan prints, in Chinese and English: one module per surface.

`cli` holds the command-line reports' words, `site` the site pages'. Workbook text never comes from here; problem
messages are built with their facts where the problem is found (generator/reader/problems.py,
generator/harvest/problems.py). Pure standard library, so both import without click or mkdocs.
"""
