"""Strings of the workbook health page."""

STRINGS: dict[str, tuple[str, str]] = {
    "health.intro": (
        "下面是读取工作簿时发现的问题。请在 Excel 中按工作表、行号和列修正后保存, 本页会自动刷新。有问题的行暂不显示, 其他行照常使用。",
        "These are the problems found while reading the workbook. Fix them in Excel by sheet, row and column, then save; this page refreshes by itself. Rows with errors are left out; the rest is used as usual.",
    ),
    "health.ok": ("工作簿没有问题。", "The workbook has no problems."),
    "health.errors": ("错误", "Errors"),
    "health.warnings": ("警告", "Warnings"),
    "health.rows_left_out": (
        "错误的行暂不使用; 警告的单元格按空白处理。",
        "Rows with errors are left out; cells with warnings are read as empty.",
    ),
    "health.filter.severity": ("类别", "Severity"),
    "health.filter.sheet": ("工作表", "Sheet"),
    "health.filter.all_sheets": ("全部工作表", "All sheets"),
    "health.filter.file": ("(整个文件)", "(whole file)"),
    "health.filter.search": ("搜索", "Search"),
    "health.shown": ("显示 {shown} / {total} 条", "Showing {shown} of {total}"),
    "health.col.severity": ("类别", "Severity"),
    "health.col.sheet": ("工作表", "Sheet"),
    "health.col.row": ("行号", "Row"),
    "health.col.column": ("列", "Column"),
    "health.col.value": ("单元格内容", "Value found"),
    "health.col.message": ("怎么修正", "What to do"),
    "health.file": ("文件: {path}", "File: {path}"),
}
