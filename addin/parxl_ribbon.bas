Attribute VB_Name = "ParxlRibbon"
' parxl: the one callback of the "Chi so CCHC" ribbon tab (addin/customUI.xml).
' Every button passes its control id to Python (parxl.addin.dispatch) through xlwings' RunPython;
' all the work and every message happens there.
' This file stays ASCII: VBA stores source in the project's code page, so Vietnamese text lives in Python.
' "control As Object" (not IRibbonControl) keeps the project free of the Office type library reference,
' whose path differs between Office versions.
Option Explicit

Public Sub ParxlButton(control As Object)
    ' Checked before Python starts (ParxlChecks, generated with Vietnamese messages): an open workbook,
    ' the configured python.exe and xlwings' DLL. With no workbook open nothing is created: a message says
    ' what to open (RunPython needs ActiveWorkbook).
    If Not ParxlChecks.ParxlReady() Then Exit Sub
    RunPython "import parxl.addin.dispatch as d; d.run('" & control.Id & "')"
End Sub
