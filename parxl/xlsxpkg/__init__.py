"""Write parxl's sheets into an existing .xlsx/.xlsm package without losing anything else."""

from parxl.xlsxpkg.package import OWNED_MARK, patch_workbook, read_owned_sheet_names
from parxl.xlsxpkg.sheetxml import validate_sheet_name

__all__ = ["OWNED_MARK", "patch_workbook", "read_owned_sheet_names", "validate_sheet_name"]
