"""parxl: chấm điểm Chỉ số CCHC trong chính bảng Excel của cán bộ.

Kept import-light on purpose: the CLI and the Excel add-in import this package on every click,
so openpyxl, lxml and xlwings are imported only by the modules that need them.
"""

__version__ = "0.1.0"
