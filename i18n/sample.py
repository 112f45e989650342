"""Strings of the `new` and `sample` commands."""

STRINGS: dict[str, tuple[str, str]] = {
    "sample.written": (
        "已生成示例工作簿 {path}(规模 {size}，日期 {today}，种子 {seed})",
        "Sample workbook written: {path} (size {size}, date {today}, seed {seed})",
    ),
    "sample.no_folder": ("文件夹不存在: {path}", "Folder does not exist: {path}"),
}
