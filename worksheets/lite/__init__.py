"""The xlwings Lite entry point (main.py) and its requirements.txt, pasted into xlwings Lite's editor."""
