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

Public Sub ParxlPasteFile(control As Object)
    ' "Chon tep quyet dinh...": pick the published decision, then let Python read its tables.
    ' The path travels as hexadecimal UTF-16 so quotes and accented letters cannot break the Python line.
    ' The dialog speaks Vietnamese through ChrW so that this file stays ASCII:
    ' "Quyet dinh" = "Quy" + U+1EBF + "t " + U+0111 + U+1ECB + "nh", "Chon tep" = "Ch" + U+1ECD + "n t" + U+1EC7 + "p".
    Dim decision As String
    Dim title As String
    Dim picked As Variant
    decision = "Quy" & ChrW(&H1EBF) & "t " & ChrW(&H111) & ChrW(&H1ECB) & "nh"
    title = "Ch" & ChrW(&H1ECD) & "n t" & ChrW(&H1EC7) & "p quy" & ChrW(&H1EBF) & "t " & ChrW(&H111) & ChrW(&H1ECB) & "nh"
    If Not ParxlChecks.ParxlReady() Then Exit Sub
    picked = Application.GetOpenFilename( _
        decision & " (*.docx;*.pdf;*.xlsx;*.html;*.mhtml),*.docx;*.pdf;*.xlsx;*.xlsm;*.html;*.htm;*.mhtml;*.mht", _
        1, title)
    If VarType(picked) = vbBoolean Then Exit Sub
    RunPython "import parxl.addin.dispatch as d; d.run('" & control.Id & "', path_hex='" & HexPath(CStr(picked)) & "')"
End Sub

Public Sub ParxlRankFolder(control As Object)
    ' "Xep hang cac don vi...": pick the folder of the units' score sheets, then let Python rank them.
    ' "Chon thu muc bang diem" = "Ch" + U+1ECD + "n th" + U+01B0 + " m" + U+1EE5 + "c b" + U+1EA3 + "ng " + U+0111 + "i" + U+1EC3 + "m".
    Dim title As String
    Dim picker As Object
    title = "Ch" & ChrW(&H1ECD) & "n th" & ChrW(&H1B0) & " m" & ChrW(&H1EE5) & "c b" & ChrW(&H1EA3) & "ng " & ChrW(&H111) & "i" & ChrW(&H1EC3) & "m"
    If Not ParxlChecks.ParxlReady() Then Exit Sub
    Set picker = Application.FileDialog(4) ' msoFileDialogFolderPicker
    picker.Title = title
    picker.AllowMultiSelect = False
    If picker.Show <> -1 Then Exit Sub ' Cancel: nothing runs
    RunPython "import parxl.addin.dispatch as d; d.run('" & control.Id & "', path_hex='" & HexPath(CStr(picker.SelectedItems(1))) & "')"
End Sub

Private Function HexPath(ByVal path As String) As String
    Dim i As Long
    Dim out As String
    For i = 1 To Len(path)
        out = out & Right$("000" & Hex$(AscW(Mid$(path, i, 1)) And &HFFFF&), 4)
    Next i
    HexPath = out
End Function
