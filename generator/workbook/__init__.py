"""The workbook as a file: the template writer, the filler, the Score button's VBA project and lite wheel,
the Score message, new-workbook names and the example deals."""
