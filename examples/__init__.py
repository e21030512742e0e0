"""The example deals: sixteen realistic deals written as the workbooks `winplan demo` ships (examples/workbooks).

Development code, not part of the installed package: `python examples/generate.py` regenerates the workbooks,
and the tests read the deals from here.
"""
