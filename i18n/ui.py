"""Strings of the app shell: navigation, sidebar, loading, writing, printing."""

STRINGS: dict[str, tuple[str, str]] = {
    # page titles (ui/pages.py)
    "ui.page.morning": ("早会", "Morning meeting"),
    "ui.page.evening": ("夕会", "Evening meeting"),
    "ui.page.due": ("今日跟进", "Follow-ups due"),
    "ui.page.plan_actual": ("计划实绩", "Plan vs actual"),
    "ui.page.hot": ("月度Hot管理表", "Monthly hot leads"),
    "ui.page.deliveries": ("交车仪式", "Deliveries"),
    "ui.page.health": ("工作簿检查", "Workbook check"),
    # sidebar
    "ui.sidebar.workbook": ("当前工作簿", "Open workbook"),
    "ui.sidebar.demo": ("演示工作簿(按今天生成的示例数据)", "Demo workbook (sample data generated for today)"),
    "ui.sidebar.saved": ("最后保存: {when}", "Last saved: {when}"),
    "ui.sidebar.problems": ("{errors} 个错误, {warnings} 个警告", "{errors} errors, {warnings} warnings"),
    "ui.sidebar.unusable": ("这个文件无法使用, 原因见右侧", "This file cannot be used; see why on the right"),
    "ui.no_workbook": (
        "还没有打开工作簿: 请在左侧输入文件路径",
        "No workbook is open yet: enter a file path in the sidebar",
    ),
    "ui.sidebar.no_problems": ("没有发现问题", "No problems found"),
    "ui.sidebar.see_problems": ("查看并修正", "See and fix them"),
    "ui.sidebar.locked": (
        "{holder} 正在打开此文件; 修改会在文件关闭后写入",
        "{holder} has the file open; changes will be written when it closes",
    ),
    "ui.sidebar.locked_unknown": ("另一个程序", "Another program"),
    "ui.sidebar.pending": ("{count} 项修改等待写入", "Changes waiting to be written: {count}"),
    "ui.sidebar.rejected": ("{count} 项等待中的修改未能写入", "{count} waiting changes could not be written"),
    "ui.sidebar.open_other": ("打开其他工作簿", "Open another workbook"),
    "ui.sidebar.path": ("文件路径(.xlsx)", "File path (.xlsx)"),
    "ui.sidebar.path_help": (
        "粘贴电脑上 Excel 文件的完整路径。应用直接读写这个文件, 不会上传。",
        "Paste the full path of the Excel file on this computer. The app reads and writes that file in place; nothing is uploaded.",
    ),
    "ui.sidebar.open": ("打开", "Open"),
    "ui.sidebar.not_found": ("找不到文件: {path}", "File not found: {path}"),
    "ui.sidebar.not_xlsx": ("请选择 .xlsx 或 .xlsm 文件: {path}", "Please choose an .xlsx or .xlsm file: {path}"),
    "ui.sidebar.language": ("语言 / Language", "语言 / Language"),
    "ui.sidebar.make_default": ("设为本工作簿默认语言", "Make this the workbook's default"),
    "ui.sidebar.acting_as": ("当前操作人", "Acting as"),
    "ui.sidebar.nobody": ("(未选择)", "(nobody)"),
    "ui.sidebar.manager_flag": ("{name}(经理)", "{name} (manager)"),
    "ui.sidebar.as_of": ("日期(按此日计算)", "As of"),
    "ui.sidebar.as_of_help": (
        "默认今天; 可查看其他日期的情况",
        "Today by default; choose another date to see that day",
    ),
    "ui.lang.zh": ("中文", "中文"),
    "ui.lang.en": ("English", "English"),
    # loading
    "ui.unusable": ("无法使用这个工作簿: {reason}", "This workbook cannot be used: {reason}"),
    "ui.unusable_hint": (
        "请在左侧输入另一个文件的路径, 或在 Excel 中修复后保存, 页面会自动刷新。",
        "Open another file from the sidebar, or fix it in Excel and save; the page refreshes by itself.",
    ),
    "ui.internal_error": ("读取时发生内部错误: {error}", "Internal error while reading: {error}"),
    "ui.refreshed": ("工作簿已在 Excel 中更新, 已重新读取", "The workbook changed on disk; reloaded"),
    "ui.refresh_waiting": (
        "工作簿已更新; 保存当前修改后刷新",
        "The workbook changed; it will reload once your edits are saved",
    ),
    "ui.needs_manager": (
        '此操作需要经理身份: 请在左侧"当前操作人"中选择经理',
        'Only a manager can do this: choose a manager under "Acting as" in the sidebar',
    ),
    "ui.host_refused": (
        "这个地址不是本机的名字，页面不显示任何数据。请在本机用 http://localhost 加端口号打开。",
        "This address is not one of this computer's names, so the page shows no data. "
        "Open it on this computer as http://localhost with the port.",
    ),
    "ui.who.label": ("你是谁？（记为操作人）", "Who are you? (recorded as the author)"),
    "ui.who.pick": ("选择你的名字", "Pick your name"),
    "ui.who.missing": ("请先选择你是谁，再保存。", "Pick who you are, then save."),
    "ui.needs_actor": ('请先在左侧选择"当前操作人"', "Choose who is acting in the sidebar first"),
    # writing
    "ui.write.written": ("已保存到工作簿", "Saved to the workbook"),
    "ui.write.written_ids": ("已保存到工作簿 ({ids})", "Saved to the workbook ({ids})"),
    "ui.write.queued": (
        "{holder} 正在打开工作簿; 修改已记下, 文件关闭后写入",
        "{holder} has the workbook open; the change is kept and will be written when it closes",
    ),
    "ui.write.refused": ("未保存: {reason}", "Not saved: {reason}"),
    "ui.write.conflict": (
        "未保存: 工作簿刚被别人修改过 ({reason})。请查看最新内容后再试。",
        "Not saved: the workbook was just changed elsewhere ({reason}). Check the latest data and try again.",
    ),
    "ui.write.error": ("保存时发生内部错误: {error}", "Internal error while saving: {error}"),
    "ui.write.no_writer": ("写入模块尚未安装, 无法保存", "The workbook writer is not installed yet; nothing was saved"),
    "ui.write.rejected_waiting": (
        "{count} 项等待中的修改未能写入: {reason}",
        "{count} waiting changes could not be written: {reason}",
    ),
    "ui.demo_making": ("正在生成演示工作簿(按今天的日期)…", "Making a demo workbook dated today…"),
    "ui.write.flushed": ("已写入 {count} 项等待中的修改", "Wrote {count} waiting changes"),
    "ui.setting.language_saved": ("已将默认语言写入工作簿", "Default language written to the workbook"),
    # printing and downloads
    "ui.print.button": ("打印 / 存为PDF", "Print / save as PDF"),
    "ui.print.view": ("打印视图", "Print view"),
    "ui.print.header": ("{store} · {title} · {date}", "{store} · {title} · {date}"),
    "ui.download.xlsx": ("下载 Excel", "Download Excel"),
    # tables
    "ui.table.empty": ("没有数据", "Nothing to show"),
    "ui.table.call": ("拨打", "Call"),
    "ui.table.overdue_days": ("逾期(天)", "Overdue (days)"),
}
