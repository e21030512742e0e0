Attribute VB_Name = "WinplanScore"
' winplan: the Score button on every sheet runs Score.
' Score hands the workbook to Python through xlwings' RunPython (the xlwings module of this project).
' Python must have winplan and the same xlwings version installed; see the rep guide "Score button".
' All scoring happens in Python: this module only starts it.
Option Explicit

Public Sub Score()
    RunPython "import worksheets.score_button as winplan_score; winplan_score.score()"
End Sub
