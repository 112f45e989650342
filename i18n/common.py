"""Strings shared across the product: generic words, the CLI's own messages."""

STRINGS: dict[str, tuple[str, str]] = {
    "cli.internal_error": (
        "内部错误: {error}(加 --debug 查看详情)",
        "Internal error: {error} (add --debug for details)",
    ),
    "cli.file_exists": ("文件已存在: {path}(加 --force 覆盖)", "File exists: {path} (add --force to overwrite)"),
    "cli.written": ("已写入 {path}", "Written {path}"),
    "cli.bad_date": ("日期无效: {value}(应为 YYYY-MM-DD)", "Invalid date: {value} (expected YYYY-MM-DD)"),
    "word.yes": ("是", "Yes"),
    "word.no": ("否", "No"),
    "word.error": ("错误", "Error"),
    "word.warning": ("警告", "Warning"),
}
