"""Strings of the hot list laid out to fit a 1366-wide laptop screen: short headers and their hover texts."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "fit.hot.col.grade": ("级别", "Grade"),
    "fit.hot.col.grade.help": (
        "月初级别→当前级别（新 = 本月新建）；只有一个级别表示本月未变",
        "Grade at the start of the month → grade now (new = a card made this month); one grade: unchanged",
    ),
    "fit.hot.col.customer": ("客户 / 级别提示", "Customer / warnings"),
    "fit.hot.col.customer.help": (
        "客户姓名和编号，其后为级别提示（级别或资料需要核实的原因）",
        "The customer's name and ID, then the grade warnings (why the grade or record needs checking)",
    ),
    "fit.hot.col.consultant": ("顾问", "Sales"),
    "fit.hot.col.consultant.help": ("销售顾问", "Sales consultant"),
    "fit.hot.col.model": ("车型", "Model"),
    "fit.hot.col.source": ("来源", "Source"),
    "fit.hot.col.expected": ("预购", "Buys"),
    "fit.hot.col.expected.help": (
        "预计购买日期（月-日；不在今年的写出年份）",
        "Expected purchase date (month-day; another year's date shows its year)",
    ),
    "fit.hot.col.last_contact": ("上次", "Last"),
    "fit.hot.col.last_contact.help": (
        "最近接触日期（月-日；不在今年的写出年份）",
        "Date of the last contact (month-day; another year's date shows its year)",
    ),
    "fit.hot.col.next_due": ("下次", "Next"),
    "fit.hot.col.next_due.help": (
        "下次跟进日期（月-日；不在今年的写出年份）",
        "Date of the next follow-up (month-day; another year's date shows its year)",
    ),
    "fit.hot.col.notes": ("最新跟进情况", "Latest notes"),
    "fit.hot.col.phone": ("手机", "Phone"),
}
