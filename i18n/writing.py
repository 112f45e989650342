"""Messages of the writer: refusals, conflicts, queued changes, backups (zh-CN, en)."""

STRINGS: dict[str, tuple[str, str]] = {
    # refusals: the file is left untouched
    "write.not_xlsx": ("这不是可写入的 .xlsx 工作簿", "This is not an .xlsx workbook that can be written"),
    "write.zip64": (
        "工作簿使用 ZIP64 格式, 无法安全写入",
        "The workbook uses the ZIP64 format; it cannot be written safely",
    ),
    "write.too_large": ("工作簿的部件 {part} 过大, 拒绝写入", "Part {part} of the workbook is too large; not written"),
    "write.damaged": (
        "工作簿已损坏(部件 {part} 校验失败), 未写入",
        "The workbook is damaged (part {part} fails its check); not written",
    ),
    "write.bad_type": ("无法写入的值 {value}({type})", "Cannot write the value {value} ({type})"),
    "write.strict_ooxml": (
        "工作簿是 Strict Open XML 格式, 请在 Excel 中另存为普通的 .xlsx 后再试",
        "The workbook is in Strict Open XML format; save it as an ordinary .xlsx in Excel and try again",
    ),
    "write.no_sheet": ("工作簿中没有工作表 “{sheet}”", "The workbook has no sheet “{sheet}”"),
    "write.no_sheet_for": (
        "工作簿中找不到工作表 “{sheet}”, 请先添加该工作表(可从新模板复制)",
        "The workbook has no sheet “{sheet}”; add it first (copy it from a new template)",
    ),
    "write.add_sheet_name_taken": (
        "无法添加工作表 “{sheet}”: 工作簿中已有同名的其他内容, 请改名后再试",
        "Cannot add the sheet “{sheet}”: the workbook already has something else by that name; rename it and try again",
    ),
    "write.add_column_blocked": (
        "无法在工作表 “{sheet}” 添加 “{column}” 列: 单元格 {cell} 已有内容(或属于合并单元格/其他表格), 请先移开",
        "Cannot add the column “{column}” to sheet “{sheet}”: cell {cell} is in use (a value, a merged range "
        "or another table); move it first",
    ),
    "write.add_column_table": (
        "无法在工作表 “{sheet}” 添加 “{column}” 列: 表格 {table} 不从标题行开始、有汇总行或已有同名列",
        "Cannot add the column “{column}” to sheet “{sheet}”: table {table} does not start on the header row, "
        "has a totals row or already has a column of that name",
    ),
    "write.add_column_full": (
        "无法在工作表 “{sheet}” 添加 “{column}” 列: 已到 Excel 的最后一列",
        "Cannot add the column “{column}” to sheet “{sheet}”: it already reaches Excel's last column",
    ),
    "write.not_worksheet": (
        "“{sheet}” 不是普通工作表(图表页等), 无法写入",
        "“{sheet}” is not a worksheet (a chart sheet?); cannot write to it",
    ),
    "write.unsupported_encoding": (
        "工作表 “{sheet}” 的编码无法处理",
        "Sheet “{sheet}” uses an encoding the writer does not handle",
    ),
    "write.rows_out_of_order": (
        "工作表 “{sheet}” 的行顺序混乱, 请在 Excel 中打开并保存后再试",
        "Rows of sheet “{sheet}” are out of order; open and save it in Excel, then try again",
    ),
    "write.bad_ref": (
        "工作表 “{sheet}” 的单元格 {cell} 超出范围",
        "Cell {cell} of sheet “{sheet}” is outside the grid",
    ),
    "write.protected": (
        "工作表 “{sheet}” 受保护, 请先在 Excel 中撤销保护",
        "Sheet “{sheet}” is protected; unprotect it in Excel first",
    ),
    "write.merged": (
        "工作表 “{sheet}” 的单元格 {cell} 位于合并单元格 {range} 内, 无法写入; 请先取消合并",
        "Cell {cell} of sheet “{sheet}” lies in the merged range {range}; unmerge it first",
    ),
    "write.formula_cell": (
        "工作表 “{sheet}” 的单元格 {cell} 含有公式, 不会覆盖它",
        "Cell {cell} of sheet “{sheet}” holds a formula; it is not overwritten",
    ),
    "write.array_formula": (
        "工作表 “{sheet}” 的单元格 {cell} 属于数组公式区域 {range}, 不会覆盖它",
        "Cell {cell} of sheet “{sheet}” belongs to the array formula over {range}; it is not overwritten",
    ),
    "write.busy": ("工作簿正被 {holder} 打开, 未写入", "The workbook is open in {holder}; nothing was written"),
    "write.rich_value_cell": (
        "工作表 “{sheet}” 的单元格 {cell} 含有图片或动态数组, 不会覆盖它",
        "Cell {cell} of sheet “{sheet}” holds a picture or a dynamic array; it is not overwritten",
    ),
    "write.table_header": (
        "单元格 {cell} 是表格 {table} 的标题行, 不会改动",
        "Cell {cell} is in the header row of table {table}; not changed",
    ),
    "write.table_totals": (
        "表格 {table}(工作表 “{sheet}”)带有汇总行, 无法追加; 请先关闭汇总行",
        "Table {table} (sheet “{sheet}”) has a totals row; turn it off to add rows",
    ),
    "write.too_long": (
        "“{cell}” 的文字太长({length} 字, 上限 {limit})",
        "The text for “{cell}” is too long ({length} characters, limit {limit})",
    ),
    "write.bad_number": (
        "工作表 “{sheet}” 单元格 {cell}: {value} 不是有效数字",
        "Sheet “{sheet}” cell {cell}: {value} is not a valid number",
    ),
    "write.bad_date": (
        "工作表 “{sheet}” 单元格 {cell}: 日期 {value} 超出 Excel 的范围",
        "Sheet “{sheet}” cell {cell}: the date {value} is outside Excel's range",
    ),
    "write.below_table_used": (
        "工作表 “{sheet}” 第 {row} 行(表格 {table} 下方)已有内容, 无法追加新行",
        "Row {row} of sheet “{sheet}” (below table {table}) is in use; a row cannot be added",
    ),
    "write.no_styles": (
        "工作簿缺少样式部件, 无法写入日期",
        "The workbook has no styles part; a date cannot be written",
    ),
    "write.writer_busy": (
        "另一个写入仍在进行, 已等待 {seconds} 秒; 请稍后再试",
        "Another write is still running after {seconds} s; try again shortly",
    ),
    "write.no_file": ("找不到工作簿: {path}", "Workbook not found: {path}"),
    "write.permission": ("没有权限写入工作簿: {path}", "No permission to write the workbook: {path}"),
    "write.no_header": (
        "工作表 “{sheet}” 前 10 行中找不到标题行",
        "No header row found in the first 10 rows of sheet “{sheet}”",
    ),
    "write.no_column": (
        "工作表 “{sheet}” 没有 “{column}” 列, 请先添加该列",
        "Sheet “{sheet}” has no column “{column}”; add it first",
    ),
    "write.bad_value": (
        "工作表 “{sheet}” 的 “{column}” 列不接受 “{value}”(应为 {expected})",
        "Column “{column}” of sheet “{sheet}” does not take “{value}” (expected {expected})",
    ),
    "write.missing_required": (
        "工作表 “{sheet}” 的 “{column}” 必须填写",
        "“{column}” must be filled in on sheet “{sheet}”",
    ),
    "write.duplicate_id": ("工作表 “{sheet}” 已有编号 {id}", "Sheet “{sheet}” already has the ID {id}"),
    "write.unknown_customer": ("找不到客户编号 {customer_id}", "No customer with the ID {customer_id}"),
    "write.ambiguous_key": (
        "工作表 “{sheet}” 中有多行符合 {key}(第 {rows} 行), 请先在 Excel 中处理重复",
        "Several rows of sheet “{sheet}” match {key} (rows {rows}); resolve the duplicates in Excel first",
    ),
    # conflicts: nothing was overwritten
    "write.row_gone": (
        "工作表 “{sheet}” 中已找不到 {key} 这一行(可能已被删除或修改), 未写入",
        "The row {key} is no longer in sheet “{sheet}” (deleted or changed?); nothing was written",
    ),
    "write.changed_cell": (
        "工作表 “{sheet}” 第 {row} 行 “{column}” 已被别人改为 “{found}”(您看到的是 “{expected}”), 未覆盖",
        "Sheet “{sheet}” row {row} “{column}” was changed to “{found}” meanwhile (you saw “{expected}”); not overwritten",
    ),
    "write.keeps_changing": (
        "工作簿在写入期间不断被修改, 请稍后再试",
        "The workbook kept changing while writing; try again shortly",
    ),
    # value kinds a refusal expected (write.bad_value's `expected`, translated with its params)
    "write.type.text": ("文字", "text"),
    "write.type.integer": ("整数", "a whole number"),
    "write.type.money": ("金额(数字)", "an amount (a number)"),
    "write.type.date": ("日期, 如 2026-11-03", "a date such as 2026-11-03"),
    "write.type.datetime": ("日期时间, 如 2026-11-03 14:30", "a date and time such as 2026-11-03 14:30"),
    "write.type.time": ("时间, 如 09:00", "a time such as 09:00"),
    "write.type.month": ("月份, 如 2026-11", "a month such as 2026-11"),
    "write.type.yesno": ("是/否", "Yes/No"),
    "write.type.phone": ("电话号码", "a phone number"),
    "write.type.choice": ("以下之一: {choices}", "one of {choices}"),
    # results
    "write.done": ("已写入 {path}", "Written to {path}"),
    "write.done_ids": ("已写入 {path}, 新编号: {ids}", "Written to {path}; new IDs: {ids}"),
    "write.queued": (
        "工作簿正被 {holder} 打开, 修改已排队, 关闭文件后自动写入",
        "The workbook is open in {holder}; the change is queued and lands once the file is closed",
    ),
    "write.queued_stale": (
        "工作簿的锁文件({lock})似乎是遗留的(自 {since}); 确认无人打开后可用 --override-stale-lock 写入",
        "The workbook's lock file ({lock}) looks left over (since {since}); if nobody has it open, use --override-stale-lock",
    ),
    "write.synced": ("已写入 {count} 项排队的修改", "{count} queued change(s) written"),
    "write.nothing_pending": ("没有排队的修改", "No queued changes"),
    "write.rejected": ("排队的修改未能写入: {reason}", "A queued change could not be written: {reason}"),
    "write.backup_list_empty": ("没有备份", "No backups"),
    "write.backup_missing": ("找不到备份 {name}", "Backup {name} not found"),
    "write.restored": (
        "已从备份 {backup} 恢复 {path}(恢复前的文件另存为备份)",
        "Restored {path} from {backup} (the file before it was backed up)",
    ),
    "write.bad_option": (
        "{option} 不接受 “{value}”(可选: {expected})",
        "{option} does not take “{value}” (choose from: {expected})",
    ),
    "write.unknown_customer_cli": ("找不到客户编号 {customer_id}", "No customer with the ID {customer_id}"),
    # the file system says no (journal engineer's keys)
    "write.read_only": (
        "工作簿 {path} 是只读文件, 未写入; 如需修改, 请在文件属性中取消“只读”",
        "The workbook {path} is read-only; nothing was written. Clear its read-only mark to allow changes",
    ),
    "write.read_only_disk": (
        "工作簿 {path} 所在的磁盘只读(如写保护的U盘), 未写入",
        "The disk holding {path} is read-only (a write-protected drive?); nothing was written",
    ),
    "write.folder_refused": (
        "没有权限在文件夹 {folder} 中保存(工作簿、备份或排队的修改), 未写入",
        "No permission to save in the folder {folder} (workbook, backups or queued changes); nothing was written",
    ),
    "write.disk_full": (
        "磁盘已满, 修改未写入, 也无法排队。{backups} 个备份占用 {size}; "
        "可用 “python cli.py restore {path} --prune 5” 只保留最新的 5 个备份",
        "The disk is full: the change was not written nor queued. {backups} backup(s) take {size}; "
        "“python cli.py restore {path} --prune 5” keeps only the newest 5",
    ),
    "write.os_error": (
        "系统拒绝写入工作簿 {path}({error}), 未写入",
        "The system refused to write the workbook {path} ({error}); nothing was written",
    ),
    "write.in_use": (
        "工作簿 {path} 正被另一个程序使用, 修改已排队, 文件空闲后自动写入",
        "The workbook {path} is in use by another program; the change is queued and lands once it is free",
    ),
    "journal.unreadable": (
        "排队文件第 {line} 行无法读取(可能在断电或磁盘已满时只写了一半), 已另存, 未写入工作簿",
        "Line {line} of the queue cannot be read (half-written in a power cut or on a full disk?); "
        "kept aside, not written",
    ),
    "journal.not_an_operation": (
        "排队文件第 {line} 行不是可执行的修改({found}), 已另存, 未写入工作簿",
        "Line {line} of the queue is not a change this app can make ({found}); kept aside, not written",
    ),
    "write.pruned": (
        "已删除 {count} 个较旧的备份, 保留最新的 {keep} 个",
        "Deleted {count} older backup(s); kept the newest {keep}",
    ),
    "write.rejected_count": (
        "{count} 项排队的修改未能写入, 已保存在 {file}",
        "{count} queued change(s) could not be written; they are kept in {file}",
    ),
}
