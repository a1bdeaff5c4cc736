Attribute VB_Name = "ParxlRibbon"
' parxl: the one callback of the "Chi so CCHC" ribbon tab (addin/customUI.xml).
' Every button passes its control id to Python (parxl.addin.dispatch) through xlwings' RunPython;
' all the work and every message happens there.
' This file stays ASCII: VBA stores source in the project's code page, so Vietnamese text lives in Python.
' "control As Object" (not IRibbonControl) keeps the project free of the Office type library reference,
' whose path differs between Office versions.
Option Explicit

Public Sub ParxlButton(control As Object)
    ' RunPython passes ActiveWorkbook to Python; with no workbook open, give it an empty one.
    If ActiveWorkbook Is Nothing Then Workbooks.Add
    RunPython "import parxl.addin.dispatch as d; d.run('" & control.Id & "')"
End Sub
