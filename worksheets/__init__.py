"""The Score button: a thin xlwings shell over generator's reader and scoring engine.

`book_reader` reads the workbook's defined names and tables into a RawWorkbook, `score_writer` writes the
engine's score cells back, and `score_button` ties them together for both entry points: RunPython from the
desktop .xlsm (`score()`) and the xlwings Lite script (`lite/main.py`). No scoring logic lives here.
"""
