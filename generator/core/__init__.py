"""The domain core: the workbook spec, vocabularies, the deal model, the scorecard, team settings and the
plain types every layer shares. Pure standard library: the Excel-on-the-web path imports it in Pyodide."""
