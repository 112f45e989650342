"""Strings of reading the workbook: the progress of a long first read."""

STRINGS: dict[str, tuple[str, str]] = {
    "readcost.progress.checking": ("正在检查工作簿 {name} …", "Checking workbook {name} …"),
    "readcost.progress.sheet": (
        "正在读取工作簿 {name}: 工作表“{sheet}”({percent}%)",
        "Reading workbook {name}: sheet “{sheet}” ({percent}%)",
    ),
}
