"""Messages of the reader and the guard: what was found and what was expected (problem.*, check.*)."""

STRINGS: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ the file as a whole
    "problem.file_missing": ("找不到文件: {path}", "File not found: {path}"),
    "problem.file_unreadable": ("无法读取文件 {path}: {error}", "Cannot read {path}: {error}"),
    "problem.file_is_directory": ("{path} 是文件夹,不是 Excel 工作簿", "{path} is a folder, not an Excel workbook"),
    "problem.file_empty": ("文件是空的(0 字节): {path}", "The file is empty (0 bytes): {path}"),
    "problem.file_too_large": (
        "文件太大({mb} MB,上限 {limit} MB): {path}",
        "The file is too large ({mb} MB; the limit is {limit} MB): {path}",
    ),
    "problem.encrypted": (
        "文件设置了打开密码(已加密),无法读取: {path}。请在 Excel 中取消密码后另存为 .xlsx",
        "The file is password-protected (encrypted) and cannot be read: {path}. Remove the password in Excel and save as .xlsx",
    ),
    "problem.old_xls": (
        "这是旧版 .xls 文件: {path}。请在 Excel/WPS 中“另存为” Excel 工作簿(.xlsx)",
        "This is an old .xls file: {path}. Open it in Excel/WPS and “Save as” Excel Workbook (.xlsx)",
    ),
    "problem.csv_renamed": (
        "这是文本/CSV 文件,不是 Excel 工作簿(可能只是改了扩展名): {path}。请在 Excel 中打开后另存为 .xlsx",
        "This is a text/CSV file, not an Excel workbook (perhaps only renamed): {path}. Open it in Excel and save as .xlsx",
    ),
    "problem.markup_renamed": (
        "这是网页/XML 文件,不是 Excel 工作簿(有些系统导出的“xls”其实是网页): {path}。请在 Excel 中打开后另存为 .xlsx",
        "This is an HTML/XML file, not an Excel workbook (some systems export web pages as “xls”): {path}. Open it in Excel and save as .xlsx",
    ),
    "problem.not_workbook": (
        "这不是 Excel 工作簿(.xlsx): {path}",
        "This is not an Excel workbook (.xlsx): {path}",
    ),
    "problem.xlsb": (
        "这是二进制工作簿(.xlsb): {path}。请另存为 Excel 工作簿(.xlsx)",
        "This is a binary workbook (.xlsb): {path}. Save it as Excel Workbook (.xlsx)",
    ),
    "problem.ods": (
        "这是 OpenDocument 表格(.ods): {path}。请另存为 Excel 工作簿(.xlsx)",
        "This is an OpenDocument spreadsheet (.ods): {path}. Save it as Excel Workbook (.xlsx)",
    ),
    "problem.damaged": (
        "文件已损坏或不完整(可能复制/下载中断): {path}({detail})。请用备份或重新保存",
        "The file is damaged or incomplete (an interrupted copy or download?): {path} ({detail}). Use a backup or save it again",
    ),
    "problem.too_many_parts": (
        "文件内部部件过多({count} 个,上限 {limit}): {path}",
        "The file has too many internal parts ({count}; the limit is {limit}): {path}",
    ),
    "problem.zip_bomb": (
        "文件中的 {part} 解压后超过 {limit} MB 或与声明的大小不符,拒绝读取(压缩炸弹?): {path}",
        "Part {part} inflates past {limit} MB or past its declared size; refused (a zip bomb?): {path}",
    ),
    "problem.too_much_data": (
        "文件解压后的数据总量超过 {limit} MB,拒绝读取: {path}",
        "The file's data inflates past {limit} MB in all; refused: {path}",
    ),
    "problem.xml_entities": (
        "文件中的 {part} 含有 XML 实体声明(DOCTYPE/ENTITY),Excel 不会写这样的内容,拒绝读取: {path}",
        "Part {part} declares XML entities (DOCTYPE/ENTITY), which Excel never writes; refused: {path}",
    ),
    "problem.stray_cell": (
        "工作表“{sheet}”在 {ref} 有内容(已到 Excel 的最后一行或最后一列),请删除该处多余的内容后保存: {path}",
        "Sheet “{sheet}” has a value at {ref} (Excel's last row or column); delete that stray content and save: {path}",
    ),
    "problem.sheet_too_large": (
        "工作表“{sheet}”的使用范围过大({rows} 行 × {cols} 列,上限 {limit} 个单元格),可能远处有多余内容: {path}",
        "Sheet “{sheet}” spans too much ({rows} rows × {cols} columns; the limit is {limit} cells); is there stray content far away? {path}",
    ),
    "problem.read_failed": (
        "无法读取工作簿: {path}({detail})",
        "The workbook cannot be read: {path} ({detail})",
    ),
    "problem.required_sheet_missing": (
        "缺少必需的工作表“{zh}”({en})。文件中的工作表: {found}",
        "Required sheet missing: “{en}” ({zh}). The file has: {found}",
    ),
    "problem.header_missing": (
        "工作表“{sheet}”的前 {rows} 行中找不到表头(应包含: {expected})",
        "Sheet “{sheet}”: no header row in its first {rows} rows (expected: {expected})",
    ),
    # ------------------------------------------------------------------ a sheet or a column
    "problem.optional_header_missing": (
        "工作表“{sheet}”中找不到表头(应包含: {expected}),已忽略该表",
        "Sheet “{sheet}”: no header row found (expected: {expected}); the sheet is ignored",
    ),
    "problem.sheet_unreadable": (
        "工作表“{sheet}”无法读取({detail}),已忽略该表",
        "Sheet “{sheet}” cannot be read ({detail}); the sheet is ignored",
    ),
    "problem.column_missing": (
        "工作表“{sheet}”缺少必需的列“{expected}”",
        "Sheet “{sheet}” lacks the required column “{expected}”",
    ),
    # ------------------------------------------------------------------ a cell
    "problem.required_missing": (
        "“{column}”不能为空;该行未读入",
        "“{column}” must not be empty; the row was left out",
    ),
    "problem.bad_date": (
        "“{column}”的值“{value}”不是日期(应为如 2026-11-03 的日期)",
        "“{column}”: “{value}” is not a date (expected a date such as 2026-11-03)",
    ),
    "problem.bad_datetime": (
        "“{column}”的值“{value}”不是日期时间(应为如 2026-11-03 14:30)",
        "“{column}”: “{value}” is not a date and time (expected e.g. 2026-11-03 14:30)",
    ),
    "problem.date_year_guessed": (
        "“{column}”的值“{value}”没有年份,按 {date} 读入",
        "“{column}”: “{value}” has no year; read as {date}",
    ),
    "problem.date_ambiguous": (
        "“{column}”的值“{value}”有两种读法,按 {date} 读入(也可能是 {alt}),建议写成 2026-11-03 的格式",
        "“{column}”: “{value}” can be read two ways; read as {date} (could be {alt}); write dates like 2026-11-03",
    ),
    "problem.bad_time": (
        "“{column}”的值“{value}”不是时间(应为如 09:30)",
        "“{column}”: “{value}” is not a time of day (expected e.g. 09:30)",
    ),
    "problem.bad_month": (
        "“{column}”的值“{value}”不是月份(应为如 2026-11)",
        "“{column}”: “{value}” is not a month (expected e.g. 2026-11)",
    ),
    "problem.bad_integer": (
        "“{column}”的值“{value}”不是整数",
        "“{column}”: “{value}” is not a whole number",
    ),
    "problem.bad_money": (
        "“{column}”的值“{value}”不是金额(应为数字,如 150000 或 15万)",
        "“{column}”: “{value}” is not an amount (expected a number such as 150000)",
    ),
    "problem.bad_phone": (
        "“{column}”的值“{value}”不是电话号码(应为数字,如 13800138000)",
        "“{column}”: “{value}” is not a phone number (expected digits such as 13800138000)",
    ),
    "problem.phone_lost_zero": (
        "“{column}”的号码“{value}”存成了数字,开头的 0 可能已丢失(如区号 0571);请把该列设为文本后重新输入",
        "“{column}”: “{value}” is stored as a number; a leading 0 (area code) may be lost. Format the column as text and retype it",
    ),
    "problem.bad_yesno": (
        "“{column}”的值“{value}”应为 是/否(或 √/×、Y/N)",
        "“{column}”: “{value}” should be yes/no (是/否, √/×, Y/N)",
    ),
    "problem.bad_grade": (
        "“{column}”的值“{value}”不是客户级别(应为 {choices})",
        "“{column}”: “{value}” is not a lead grade (expected {choices})",
    ),
    "problem.bad_choice": (
        "“{column}”的值“{value}”不在可选项中(应为 {choices})",
        "“{column}”: “{value}” is not one of the choices ({choices})",
    ),
    "problem.duplicate_id": (
        "编号“{value}”重复(第 {first} 行和第 {other} 行);采用第 {first} 行,第 {other} 行未读入",
        "ID “{value}” appears twice (rows {first} and {other}); row {first} is used, row {other} is left out",
    ),
    "problem.duplicate_key": (
        "“{value}”重复出现(第 {first} 行和第 {other} 行);采用第 {first} 行",
        "“{value}” appears twice (rows {first} and {other}); row {first} is used",
    ),
    "problem.duplicate_phone": (
        "手机号“{value}”同时登记在 {consultants} 名下(第 {rows} 行);按首问负责制应只归一位顾问",
        "Phone “{value}” is registered under {consultants} (rows {rows}); first-contact ownership says one consultant",
    ),
    "problem.duplicate_staff": (
        "员工姓名“{value}”重复(第 {rows} 行);姓名必须唯一,采用第一行",
        "Staff name “{value}” appears more than once (rows {rows}); names must be unique, the first row is used",
    ),
    "problem.rows_below_table": (
        "第 {first}-{last} 行在表格 {table} 下方,与表格之间隔着空行:这些行照常读入,但不属于表格,新记录不会接在它们后面;"
        "请在 Excel 中把表格扩展到第 {last} 行:表设计 > 调整表格大小",
        "Rows {first}-{last} stand below table {table} with empty rows between: they are read as usual but are not "
        "part of the table, and new records are not added after them; extend the table over rows {first}-{last} in "
        "Excel: Table Design > Resize Table",
    ),
    "problem.unknown_setting": (
        "不认识的设置项“{value}”,已忽略",
        "Unknown setting “{value}”; ignored",
    ),
    "problem.bad_setting": (
        "设置“{name}”的值“{value}”无效({expected});使用默认值 {default}",
        "Setting “{name}”: “{value}” is not valid ({expected}); the default {default} is used",
    ),
    "problem.expect.integer": ("应为整数", "expected a whole number"),
    "problem.expect.yesno": ("应为 是/否", "expected yes/no"),
    "problem.expect.time": ("应为如 09:00 的时间", "expected a time such as 09:00"),
    "problem.expect.choice": ("应为 {choices}", "expected {choices}"),
    # ------------------------------------------------------------------ references (logic/references.py)
    "problem.unknown_consultant": (
        "{column}“{value}”不在{target}表中(应为{target}表里的姓名);请核对姓名,或先把此人加到{target}表",
        "{column} “{value}” is not on the {target} sheet (expected a name from it); check the spelling or add the person there",
    ),
    "problem.unknown_consultant_maybe_left_out": (
        "{column}“{value}”不在{target}表中(应为{target}表里的姓名);另: {target}表有 {left_out} 行因错误未读入,如果此人在其中,请先修正那些行",
        "{column} “{value}” is not on the {target} sheet (expected a name from it); {left_out} rows of that sheet were left out for errors: if the person is on one of them, fix that row first",
    ),
    "problem.wrong_number": (
        "{customer} 的手机号“{value}”在 {date} 拨打时为空号/错号;请核对并更正号码",
        "{customer}'s phone “{value}” was a wrong number when dialled on {date}; check and correct it",
    ),
    "problem.unknown_customer": (
        "{column} {value} 不在{target}表中(应为{target}表里的客户编号);请核对编号",
        "{column} {value} is not on the {target} sheet (expected an ID from it); check the ID",
    ),
    "problem.unknown_customer_maybe_left_out": (
        "{column} {value} 不在{target}表中(应为{target}表里的客户编号);另: {target}表有 {left_out} 行因错误未读入,如果该客户在其中,请先修正那些行",
        "{column} {value} is not on the {target} sheet (expected an ID from it); {left_out} rows of that sheet were left out for errors: if the customer is on one of them, fix that row first",
    ),
    # ------------------------------------------------------------------ check command
    "check.help": (
        "检查工作簿: 列出读取时发现的问题(可用时退出码 0,不可用时 2)",
        "Check a workbook: list the problems found reading it (exit 0 when usable, 2 when not)",
    ),
    "check.usable": (
        "可以使用: {errors} 个错误,{warnings} 个警告",
        "Usable: {errors} errors, {warnings} warnings",
    ),
    "check.unusable": ("无法使用", "Not usable"),
    "check.no_problems": ("没有发现问题", "No problems found"),
    "check.col.severity": ("级别", "Severity"),
    "check.col.sheet": ("工作表", "Sheet"),
    "check.col.row": ("行", "Row"),
    "check.col.column": ("列", "Column"),
    "check.col.value": ("值", "Value"),
    "check.col.message": ("说明", "Message"),
    "check.group.rows": ("行号: {rows}", "rows: {rows}"),
}
