"""The one declaration of every sheet, column, choice list and setting the product uses.

Reader, writer, template, sample generator, pages and tests all refer to these objects by
their Python key; no other module spells an Excel header.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, TypeVar

_T = TypeVar("_T")

ColType = Literal[
    "text",  # free text
    "date",  # calendar date, written as an Excel date (yyyy-mm-dd)
    "datetime",  # date and time, written as an Excel date-time (yyyy-mm-dd hh:mm)
    "time",  # time of day as text "HH:MM"
    "month",  # a month, kept as text "YYYY-MM"
    "integer",
    "money",  # yuan, a number
    "phone",  # kept as text, digits (and a leading +)
    "grade",  # a lead grade letter, see GRADES
    "choice",  # one code of a ChoiceList
    "yesno",  # True / False
]

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@dataclass(frozen=True)
class Choice:
    """One value of a dropdown list: a stable code and its label in each language."""

    code: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()

    def label(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class ChoiceList:
    """A dropdown list; `open` lists accept values outside the list (kept as typed)."""

    key: str
    choices: tuple[Choice, ...]
    open: bool = False

    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.choices)

    def labels(self, lang: Lang) -> list[str]:
        return [c.label(lang) for c in self.choices]

    def label(self, code: str, lang: Lang) -> str:
        for c in self.choices:
            if c.code == code:
                return c.label(lang)
        return code

    def lookup(self, text: str) -> str | None:
        """The code for a code, a label in either language or an alias; None if unknown."""
        wanted = normalize_token(text)
        for c in self.choices:
            names = (c.code, c.zh, c.en, *c.aliases)
            if any(normalize_token(n) == wanted for n in names):
                return c.code
        return None


@dataclass(frozen=True)
class Column:
    """One column of a sheet."""

    key: str
    zh: str
    en: str
    type: ColType = "text"
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: str | None = None  # key of a ChoiceList for type "choice"
    width: int = 14  # Excel column width in the template
    max_length: int = 2000  # text longer than this is refused by the writer
    note_zh: str = ""
    note_en: str = ""

    def header(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def names(self) -> tuple[str, ...]:
        return (self.key, self.zh, self.en, *self.aliases)


@dataclass(frozen=True)
class Sheet:
    """One sheet: its names, columns and key.

    `key_columns` is the ID column for entity sheets, or the composite key for grid
    sheets. `id_prefix` is set for entity sheets whose IDs the app allocates (prefix +
    digits). `natural_key` finds a hand-added row that has no ID yet.
    """

    key: str
    zh: str
    en: str
    columns: tuple[Column, ...]
    key_columns: tuple[str, ...]
    id_prefix: str | None = None
    natural_key: tuple[str, ...] = ()
    required: bool = True
    aliases: tuple[str, ...] = ()
    table_zh: str = ""  # Excel table name (ASCII is safest; these are the defaults)
    table_en: str = ""

    def name(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def names(self) -> tuple[str, ...]:
        return (self.key, self.zh, self.en, *self.aliases)

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(f"sheet {self.key!r} has no column {key!r}")

    def column_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    @property
    def id_column(self) -> str | None:
        return self.key_columns[0] if self.id_prefix else None

    @property
    def table_name(self) -> str:
        return "tbl_" + self.key


_FOLD = re.compile(r"[\s_\-/:()*.'\"]+")  # compiled at import, not on the first load
_TOKENS: dict[str, str] = {}  # memo: matching folds the same few hundred names again and again


def normalize_token(text: object) -> str:
    """Fold a header, sheet name or choice label for tolerant matching."""
    if isinstance(text, str) and text in _TOKENS:
        return _TOKENS[text]
    s = str(text).strip().lower()
    s = s.replace("（", "(").replace("）", ")").replace("：", ":")
    out = _FOLD.sub("", s)
    if isinstance(text, str) and len(_TOKENS) < 100_000:
        _TOKENS[text] = out
    return out


# --------------------------------------------------------------------------- choices
# fmt: off

def _c(code: str, zh: str, en: str, *aliases: str) -> Choice:
    return Choice(code, zh, en, tuple(aliases))


GRADES = ChoiceList(
    "grade",
    (
        _c("H", "H", "H", "h级", "hot"),
        _c("A", "A", "A", "a级"),
        _c("B", "B", "B", "b级"),
        _c("C", "C", "C", "c级"),
        _c("O", "O", "O", "订单", "已订车", "ordered", "order"),
        _c("D", "D", "D", "交车", "已交车", "delivered"),
        _c("F", "F", "F", "F1", "战败", "lost"),
        _c("Z", "Z", "Z", "F2", "L", "休眠", "冻结", "失控", "dormant", "frozen"),
    ),
)
HOT_GRADES: tuple[str, ...] = ("H", "A", "B", "C")

CHOICE_LISTS: dict[str, ChoiceList] = {
    cl.key: cl
    for cl in (
        GRADES,
        ChoiceList(
            "contact_type",
            (
                _c("call", "电话", "Call", "去电", "来电", "phone", "phone call"),
                _c("visit", "到店", "Visit", "来店", "展厅", "showroom", "walk-in"),
                _c("message", "短信/微信", "Message", "短信", "微信", "sms", "wechat"),
                _c("test_drive", "试驾", "Test drive", "试乘试驾", "testdrive"),
                _c("quote", "报价", "Quote", "报价说明"),
                _c("order", "签约", "Order", "订车", "成交", "contract"),
                _c("delivery", "交车", "Delivery"),
                _c("home_visit", "上门拜访", "Home visit", "拜访"),
                _c("other", "其他", "Other"),
            ),
        ),
        ChoiceList(
            "contact_outcome",
            (
                _c("reached", "已接通", "Reached", "接通", "已联系", "联系上", "成功", "answered"),
                _c("no_answer", "未接通", "No answer", "无人接听", "未接", "没接", "关机", "占线", "不在服务区"),
                _c("wrong_number", "空号/错号", "Wrong number", "空号", "号码错误", "错号", "停机", "wrong"),
            ),
        ),
        ChoiceList(
            "role",
            (
                _c("consultant", "销售顾问", "Sales consultant", "顾问", "sales"),
                _c("manager", "销售经理", "Sales manager", "展厅经理", "销售部长", "经理"),
                _c("service_advisor", "服务顾问", "Service advisor", "S/A", "SA"),
                _c("front_desk", "前台", "Front desk", "接待", "reception"),
                _c("director", "总经理", "Director", "销售总监", "店总", "owner"),
            ),
        ),
        ChoiceList(
            "shift",
            (
                _c("on", "上班", "On duty", "值班", "在岗", "duty"),
                _c("off", "轮休", "Day off", "休息", "休", "off"),
                _c("leave", "请假", "Leave", "假"),
            ),
        ),
        ChoiceList(
            "sex",
            (_c("M", "男", "Male", "先生", "m"), _c("F", "女", "Female", "女士", "f")),
        ),
        ChoiceList(
            "source",
            (
                _c("walk_in", "自然到店", "Walk-in", "到店", "进店", "来店", "展厅"),
                _c("phone_in", "来电", "Phone-in", "电话咨询"),
                _c("online", "网络", "Online", "汽车之家", "懂车帝", "易车", "网站"),
                _c("referral", "转介绍", "Referral", "老客户介绍", "介绍"),
                _c("event", "车展/活动", "Event", "车展", "活动", "外拓"),
                _c("outdoor_ad", "户外广告", "Outdoor ad", "广告"),
                _c("repeat", "增购/换购", "Repeat buyer", "增购", "换购", "置换"),
                _c("fleet", "大客户", "Fleet", "集团客户"),
                _c("other", "其他", "Other"),
            ),
            open=True,
        ),
        ChoiceList(
            "delivery_status",
            (
                _c("planned", "待交车", "Planned", "计划", "待交"),
                _c("done", "已交车", "Delivered", "完成", "已完成", "delivered"),
                _c("cancelled", "已取消", "Cancelled", "取消", "canceled"),
            ),
        ),
        ChoiceList(
            "phase",
            (
                _c("before", "交车前确认", "Before the day"),
                _c("prep", "交车准备", "Preparation"),
                _c("reception", "接待", "Reception"),
                _c("documents", "费用与文件", "Fees and documents"),
                _c("inspection", "验车与操作说明", "Inspection and operation"),
                _c("ceremony", "交车仪式", "Ceremony"),
                _c("farewell", "送别", "Farewell"),
                _c("after", "交车后", "After delivery"),
            ),
        ),
        ChoiceList(
            "lost_reason",
            (
                _c("price", "价格", "Price", "价格高", "优惠不够"),
                _c("competitor", "选择竞品", "Chose a competitor", "竞品"),
                _c("financing", "贷款/金融", "Financing", "贷款"),
                _c("wait_time", "等车时间长", "Waiting time", "交车时间"),
                _c("trade_in", "置换价格", "Trade-in value", "二手车"),
                _c("postponed", "暂缓购买", "Postponed", "不买了", "推迟"),
                _c("service", "服务不满意", "Service", "服务"),
                _c("other", "其他", "Other"),
            ),
            open=True,
        ),
        ChoiceList(
            "decision",
            (
                _c("pending", "待审批", "Pending", "待定"),
                _c("approved", "同意战败", "Approved", "同意", "批准"),
                _c("rejected", "继续跟进", "Keep following", "驳回", "不同意"),
            ),
        ),
        ChoiceList(
            "meeting_kind",
            (
                _c("morning", "早会", "Morning meeting", "晨会", "morning"),
                _c("evening", "夕会", "Evening meeting", "晚会", "evening"),
                _c("weekly", "周会", "Weekly review", "weekly"),
            ),
        ),
        ChoiceList(
            "calendar_kind",
            (
                _c("holiday", "节假日", "Holiday", "假日", "法定节假日"),
                _c("workday", "调休上班", "Make-up working day", "补班", "调休"),
                _c("closed", "闭店", "Store closed", "不营业", "店休"),
            ),
        ),
        ChoiceList(
            "followup_kind",
            (
                _c("new_lead_24h", "24小时内首次问候", "Greeting within 24 hours"),
                _c("new_lead_week1", "一周内回访", "Follow-up in week 1"),
                _c("new_lead_week2", "两周内第二次回访", "Second follow-up in 2 weeks"),
                _c("new_lead_month1", "一个月内第三次回访", "Third follow-up in a month"),
                _c("monthly", "每月回访", "Monthly follow-up"),
                _c("grade_interval", "级别跟进频率", "Grade contact interval"),
                _c("waiting_car", "等车期间联系", "Waiting for the car"),
                _c("after_delivery_arrival", "安全到家确认", "Safe-arrival call"),
                _c("after_delivery_1h", "交车1小时祝贺短信", "Message 1 hour after"),
                _c("after_delivery_day3", "交车第3天回访", "Day-3 call"),
                _c("after_delivery_day4", "经理第4天回访", "Manager's day-4 call"),
                _c("after_delivery_monthly", "交车后每月回访", "Monthly after-sales"),
                _c("birthday", "生日问候", "Birthday greeting"),
                _c("holiday_greeting", "节日问候", "Holiday greeting"),
                _c("dormancy_review", "一年未购审核", "Dormancy review"),
                _c("next_contact", "约定日期回访", "Promised call-back", "约定回访", "约定日期"),
                # waiting for the car (issue 16 item 8)
                _c("car_allocated", "配车通知", "Car allocated", "配车", "到车通知"),
                _c("balance_reminder", "尾款提醒", "Balance reminder", "尾款", "催尾款"),
                _c("delivery_delay", "延期告知", "Delivery delay", "延期", "交车延期"),
            ),
        ),
        # the showroom log (issue 18): a visit or a phone-in, a first or a repeat visit
        ChoiceList(
            "visit_kind",
            (
                _c("visit", "来店", "Visit", "到店", "进店", "展厅", "walk-in", "showroom"),
                _c("call", "来电", "Call", "电话", "电话咨询", "phone", "phone-in"),
            ),
        ),
        ChoiceList(
            "visit_order",
            (
                _c("first", "首次", "First", "初次", "首次来店", "新客户", "new"),
                _c("repeat", "再次", "Repeat", "二次", "再次来店", "复访", "老客户", "again"),
            ),
        ),
    )
}
# yes/no cells: what managers really type (case-insensitive); a blank cell is "unknown".
YES_WORDS: tuple[str, ...] = ("是", "√", "✓", "✔", "y", "yes", "true", "1", "对", "有", "已完成", "完成")
NO_WORDS: tuple[str, ...] = ("否", "×", "✗", "✘", "n", "no", "false", "0", "无", "未完成")
# what the writer puts in a yes/no cell, by the sheet's language (both read back as yes/no)
YES_NO_LABELS: dict[Lang, tuple[str, str]] = {"zh": ("是", "否"), "en": ("Yes", "No")}


# --------------------------------------------------------------------------- settings

SettingType = Literal["text", "integer", "time", "yesno", "choice", "list"]


@dataclass(frozen=True)
class Setting:
    """One row of the settings sheet: the value's key, labels, type and default."""

    key: str
    zh: str
    en: str
    type: SettingType
    default: object
    note_zh: str = ""
    note_en: str = ""

    def label(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


def _s(key: str, zh: str, en: str, type_: SettingType, default: object, nzh: str = "", nen: str = "") -> Setting:
    return Setting(key, zh, en, type_, default, nzh, nen)


SETTINGS: tuple[Setting, ...] = (
    _s("store_name", "店名", "Store name", "text", "星辰汽车4S店", "用于话术和打印抬头", "Used in call scripts and print headers"),
    _s("brand", "品牌", "Brand", "text", "星辰", "用于话术", "Used in call scripts"),
    _s("language", "界面语言", "Language", "choice", "zh", "zh 或 en", "zh or en"),
    # new leads (seed 000 FAW-VW / 002 FTMS)
    _s("new_lead_intro_hours", "新客户首次问候(小时)", "New lead greeting within (hours)", "integer", 24),
    _s("new_lead_week1_days", "第一次回访(天内)", "First follow-up within (days)", "integer", 7),
    _s("new_lead_week2_days", "第二次回访(天内)", "Second follow-up within (days)", "integer", 14),
    _s("new_lead_month1_days", "第三次回访(天内)", "Third follow-up within (days)", "integer", 30),
    _s("monthly_interval_days", "此后至少每隔(天)回访", "Then at least every (days)", "integer", 30),
    _s("dormancy_days", "未购转休眠审核(天)", "Dormancy review after (days)", "integer", 365),
    # hot grades: purchase windows and contact intervals
    _s("grade_window_H", "H级预计购买(天内)", "H: expected purchase within (days)", "integer", 7),
    _s("grade_window_A", "A级预计购买(天内)", "A: expected purchase within (days)", "integer", 15),
    _s("grade_window_B", "B级预计购买(天内)", "B: expected purchase within (days)", "integer", 30),
    _s("grade_window_C", "C级预计购买(天内)", "C: expected purchase within (days)", "integer", 90),
    _s("grade_interval_H", "H级跟进间隔(天)", "H: contact every (days)", "integer", 2),
    _s("grade_interval_A", "A级跟进间隔(天)", "A: contact every (days)", "integer", 3),
    _s("grade_interval_B", "B级跟进间隔(天)", "B: contact every (days)", "integer", 7),
    _s("grade_interval_C", "C级跟进间隔(天)", "C: contact every (days)", "integer", 14),
    _s(
        "out_of_contact_tries",
        "未接通几次视为失联",
        "Out of contact after (no-answer tries)",
        "integer",
        3,
        "在不同的日子未接通达到此次数, 提醒经理",
        "No-answer tries on different days; the manager is told",
    ),
    _s("h_untouched_warning_days", "H级未跟进预警(天)", "Warn when an H lead is untouched for (days)", "integer", 3),
    # between contract and delivery
    _s("waiting_interval_days", "等车期间联系间隔(天)", "While waiting for the car, contact every (days)", "integer", 7),
    _s(
        "balance_reminder_days",
        "尾款提醒提前(天)",
        "Balance reminder (days before it is due)",
        "integer",
        3,
        "尾款约定日期(不晚于交车日)前几天提醒客户",
        "Days before the agreed balance date (or the delivery, if earlier) to remind the customer",
    ),
    # after delivery
    _s("after_message_hours", "交车后祝贺短信(小时)", "Congratulation message after (hours)", "integer", 1),
    _s("after_call_day", "顾问回访(交车后第几天)", "Consultant call on day", "integer", 3),
    _s("after_manager_call_day", "经理回访(交车后第几天)", "Manager call on day", "integer", 4),
    _s("after_monthly_days", "交车后每隔(天)回访", "After delivery, follow up every (days)", "integer", 30),
    # greetings and calendar
    _s("birthday_greeting", "生日问候", "Birthday greetings", "yesno", True),
    _s("holiday_greeting_days_before", "节日问候提前(天)", "Holiday greeting (days before)", "integer", 2),
    _s(
        "greeting_festivals",
        "问候的节日",
        "Festivals to greet",
        "list",
        "春节,元宵节,端午节,中秋节,国庆节",
        "逗号分隔",
        "Comma-separated",
    ),
    _s("calling_hours_start", "联系时间从", "Call from", "time", "09:00"),
    _s("calling_hours_end", "联系时间至", "Call until", "time", "20:00"),
    _s(
        "move_to_duty_day",
        "顺延到顾问上班日",
        "Move to the consultant's next day on duty",
        "yesno",
        False,
        "是: 跟进日遇顾问轮休顺延",
        "Yes: a follow-up on a day off moves to the next duty day",
    ),
    _s("case_review_weekday", "周会案例复盘日", "Case review day", "integer", 1, "1=周一 … 7=周日, 夕会上复盘本周成交/战败案例", "1 = Monday … 7 = Sunday: the evening meeting reviews the week's won and lost cases"),
    _s("target_deadline_days", "下月目标提前(天)", "Next month's targets due (days before month end)", "integer", 3),
    _s("backup_keep", "保留备份(份)", "Backups kept", "integer", 20),
    _s("signin_hours", "手机登录有效(小时)", "A phone's sign-in lasts (hours)", "integer", 12),
)
SETTINGS_BY_KEY: dict[str, Setting] = {s.key: s for s in SETTINGS}


def default_settings() -> dict[str, object]:
    """The documented defaults, typed."""
    return {s.key: s.default for s in SETTINGS}


# --------------------------------------------------------------------------- sheets

def col(key: str, zh: str, en: str, type_: ColType = "text", *, required: bool = False,
        aliases: tuple[str, ...] = (), choices: str | None = None, width: int = 14) -> Column:
    return Column(key, zh, en, type_, required, aliases, choices, width)


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "settings", "设置", "Settings",
        (
            col("name", "设置项", "Setting", required=True, aliases=("名称", "项目", "key"), width=34),
            col("value", "值", "Value", aliases=("设置值", "数值"), width=30),
            col("note", "说明", "Note", aliases=("备注",), width=40),
        ),
        key_columns=("name",),
        aliases=("参数", "配置", "config"),
    ),
    Sheet(
        "staff", "员工", "Staff",
        (
            col("name", "姓名", "Name", required=True, aliases=("员工", "名字", "顾问"), width=12),
            col("role", "岗位", "Role", "choice", required=True, choices="role", aliases=("职务", "角色", "职位")),
            col("phone", "手机", "Phone", "phone", aliases=("电话", "手机号", "mobile")),
            col("active", "在职", "Active", "yesno", aliases=("在岗", "状态"), width=8),
            col("joined", "入职日期", "Joined", "date", aliases=("入职",)),
            col("note", "备注", "Note", width=24),
        ),
        key_columns=("name",),
        aliases=("人员", "销售顾问", "people"),
    ),
    Sheet(
        "customers", "客户", "Customers",
        (
            col("customer_id", "客户编号", "Customer ID", aliases=("编号", "客户ID", "id"), width=10),
            col("name", "客户姓名", "Name", required=True, aliases=("姓名", "客户", "客户名称", "customer"), width=12),
            col("sex", "性别", "Sex", "choice", choices="sex", width=6),
            col("phone", "手机", "Phone", "phone", required=True, aliases=("电话", "手机号", "联系电话", "mobile"), width=14),
            col("consultant", "销售顾问", "Consultant", required=True, aliases=("顾问", "负责人", "所属顾问", "owner"), width=10),
            col("source", "来源", "Source", "choice", choices="source", aliases=("信息来源", "客户来源", "渠道")),
            col("first_contact", "首次接触", "First contact", "date", required=True, aliases=("建档日期", "首次到店", "留档日期", "创建日期")),
            col("model", "意向车型", "Model", aliases=("车型", "意向车", "interested model"), width=12),
            col("grade", "级别", "Grade", "grade", required=True, aliases=("客户级别", "意向级别", "等级"), width=6),
            col("expected_purchase", "预计购买日期", "Expected purchase", "date", aliases=("预计购车", "预购日期", "预计成交")),
            col("budget", "预算(元)", "Budget (CNY)", "money", aliases=("预算", "budget")),
            col("trade_in", "置换车辆", "Trade-in", aliases=("置换", "现有车辆", "现用车")),
            col("use", "用途", "Use", aliases=("购车用途",)),
            col("family", "家庭情况", "Family", aliases=("家庭",)),
            col("hobbies", "兴趣爱好", "Hobbies", aliases=("爱好",)),
            col("area", "区域", "Area", aliases=("住址", "地区", "地址")),
            col("birthday", "生日", "Birthday", "date", aliases=("出生日期",)),
            col("birthday_lunar", "农历生日", "Lunar birthday", "yesno", aliases=("农历",), width=8),
            col("note", "备注", "Notes", aliases=("说明",), width=30),
            # who made the card in the app and when (issue 16 item 11); blank on cards typed in Excel
            col("recorded_by", "建档人", "Created by", aliases=("录入人", "登记人"), width=10),
            col("recorded_at", "录入时间", "Recorded at", "datetime", aliases=("建档时间", "登记时间"), width=16),
            # first-contact ownership (issue 18): a card merged into another keeps its rows and counts nowhere
            col("merged_into", "已合并至", "Merged into", aliases=("合并至", "合并到"), width=10),
        ),
        key_columns=("customer_id",),
        id_prefix="C",
        natural_key=("phone",),
        aliases=("A-C卡", "AC卡", "客户卡", "客户档案", "clients"),
    ),
    Sheet(
        "contacts", "接触记录", "Contacts",
        (
            col("contact_id", "记录编号", "Contact ID", aliases=("编号", "id"), width=10),
            col("date", "日期", "Date", "date", required=True, aliases=("接触日期", "跟进日期", "联系日期")),
            col("time", "时间", "Time", "time", aliases=("到店时间",), width=8),
            col("customer_id", "客户编号", "Customer ID", aliases=("客户ID",), width=10),
            col("customer", "客户姓名", "Customer", aliases=("客户", "姓名"), width=12),
            col("phone", "手机", "Phone", "phone", aliases=("电话",)),
            col("consultant", "销售顾问", "Consultant", required=True, aliases=("顾问", "跟进人"), width=10),
            col("type", "方式", "Type", "choice", required=True, choices="contact_type", aliases=("接触方式", "跟进方式", "类型")),
            col("followup_kind", "回访类别", "Follow-up kind", "choice", choices="followup_kind", aliases=("回访类型",), width=18),
            col("first_visit", "首次到店", "First visit", "yesno", aliases=("首次", "初次"), width=8),
            col("people", "人数", "People", "integer", aliases=("来店人数",), width=6),
            col("result", "结果", "Result", aliases=("跟进结果", "情况", "内容"), width=30),
            col("grade_after", "接触后级别", "Grade after", "grade", aliases=("级别", "更新级别", "新级别"), width=8),
            col("next_step", "下一步", "Next step", aliases=("下次跟进计划",), width=20),
            col("next_date", "下次跟进日期", "Next date", "date", aliases=("下次日期", "下次联系")),
            col("recorded_by", "记录人", "Recorded by", width=10),
            # outcomes (issue 16): a blank outcome, as in every workbook made before it existed, reads as reached
            col("outcome", "接通情况", "Outcome", "choice", choices="contact_outcome", aliases=("联系结果", "通话结果", "是否接通"), width=10),
            col("dialled", "拨打号码", "Number dialled", "phone", aliases=("所拨号码", "拨打电话")),
            col("recorded_at", "录入时间", "Recorded at", "datetime", aliases=("记录时间", "登记时间"), width=16),
            col("void", "作废", "Void", "yesno", aliases=("已作废", "无效"), width=6),
        ),
        key_columns=("contact_id",),
        id_prefix="K",
        aliases=("跟进记录", "contact log"),
    ),
    Sheet(
        "reschedules", "改期", "Reschedules",
        (
            col("reschedule_id", "改期编号", "Reschedule ID", width=10),
            col("customer_id", "客户编号", "Customer ID", required=True, width=10),
            col("kind", "回访类别", "Follow-up kind", "choice", required=True, choices="followup_kind", width=18),
            col("original_due", "原到期日", "Original due", "date"),
            col("new_due", "新日期", "New date", "date", required=True),
            col("reason", "原因", "Reason", width=24),
            col("by", "操作人", "By", width=10),
            col("at", "操作时间", "At", "datetime", width=16),
        ),
        key_columns=("reschedule_id",),
        id_prefix="R",
        required=False,
        aliases=("跟进改期",),
    ),
    Sheet(
        "plans", "活动预订", "Plans",
        (
            col("plan_id", "计划编号", "Plan ID", width=10),
            col("date", "日期", "Date", "date", required=True, aliases=("计划日期",)),
            col("consultant", "销售顾问", "Consultant", required=True, aliases=("顾问",), width=10),
            col("time", "时间", "Time", "time", width=8),
            col("customer_id", "客户编号", "Customer ID", width=10),
            col("customer", "客户姓名", "Customer", aliases=("客户",), width=12),
            col("activity", "活动", "Activity", "choice", choices="contact_type", aliases=("活动内容", "事项")),
            col("goal", "目标", "Goal", aliases=("目的",), width=24),
            col("done", "完成", "Done", "yesno", aliases=("已完成",), width=8),
            col("result", "结果", "Result", width=24),
        ),
        key_columns=("plan_id",),
        id_prefix="P",
        aliases=("活动预订表", "明日计划", "tomorrow's plan", "plan"),
    ),
    Sheet(
        "rota", "排班", "Rota",
        (
            col("date", "日期", "Date", "date", required=True),
            col("consultant", "销售顾问", "Consultant", required=True, aliases=("顾问", "姓名"), width=10),
            col("shift", "班次", "Shift", "choice", choices="shift", aliases=("状态",), width=8),
            col("order", "接待顺序", "Order", "integer", aliases=("顺序", "序号"), width=8),
            col("appearance_ok", "仪容仪表", "Appearance", "yesno", aliases=("仪表",), width=8),
            col("folder_ok", "销售工具夹", "Tool folder", "yesno", aliases=("工具夹",), width=8),
            col("note", "备注", "Note", width=24),
        ),
        key_columns=("date", "consultant"),
        aliases=("排班表", "值班表", "duty rota"),
    ),
    Sheet(
        "targets", "目标", "Targets",
        (
            col("month", "月份", "Month", "month", required=True, width=10),
            col("consultant", "销售顾问", "Consultant", required=True, aliases=("顾问",), width=10),
            col("leads", "留档目标", "Leads", "integer", aliases=("留档",), width=8),
            col("visits", "来店目标", "Visits", "integer", aliases=("来店",), width=8),
            col("test_drives", "试驾目标", "Test drives", "integer", aliases=("试驾",), width=8),
            col("orders", "订单目标", "Orders", "integer", aliases=("订单",), width=8),
            col("deliveries", "交车目标", "Deliveries", "integer", aliases=("交车",), width=8),
        ),
        key_columns=("month", "consultant"),
        aliases=("计划实绩表", "月度目标", "plan vs actual"),
    ),
    Sheet(
        "deliveries", "交车", "Deliveries",
        (
            col("delivery_id", "交车编号", "Delivery ID", width=10),
            col("customer_id", "客户编号", "Customer ID", required=True, width=10),
            col("customer", "客户姓名", "Customer", aliases=("客户",), width=12),
            col("consultant", "销售顾问", "Consultant", required=True, aliases=("顾问",), width=10),
            col("service_advisor", "服务顾问", "Service advisor", aliases=("SA",), width=10),
            col("model", "车型", "Model", width=12),
            col("vin", "车架号", "VIN", width=20),
            col("order_date", "签约日期", "Order date", "date", aliases=("订车日期", "成交日期")),
            col("scheduled", "交车时间", "Scheduled", "datetime", aliases=("计划交车时间", "预约交车"), width=16),
            col("delivered_at", "实际交车时间", "Delivered at", "datetime", aliases=("交车完成时间",), width=16),
            col("status", "状态", "Status", "choice", choices="delivery_status", width=8),
            col("attendees", "参加人员", "Attendees", width=20),
            col("note", "备注", "Notes", width=24),
            # waiting for the car (issue 16 item 8): optional, added to an older workbook on first need
            col("promised_delivery", "合同约定交车日期", "Promised delivery", "date", aliases=("约定交车日期", "合同交车日期")),
            col("allocated_on", "配车日期", "Car allocated on", "date", aliases=("配车", "到车日期")),
            col("balance_due", "尾款约定日期", "Balance due", "date", aliases=("尾款日期", "尾款到期日")),
            col("balance_paid_on", "尾款到账日期", "Balance paid on", "date", aliases=("尾款到账", "尾款付清日期")),
        ),
        key_columns=("delivery_id",),
        id_prefix="D",
        aliases=("交车计划", "交车仪式"),
    ),
    Sheet(
        "checklist_items", "交车检查项", "Checklist items",
        (
            col("item_id", "项目编号", "Item ID", required=True, width=10),
            col("phase", "阶段", "Phase", "choice", required=True, choices="phase", width=14),
            col("item_zh", "项目(中文)", "Item (Chinese)", required=True, width=40),
            col("item_en", "项目(英文)", "Item (English)", width=40),
            col("owner_role", "负责岗位", "Owner", "choice", choices="role", width=12),
            col("required", "必做", "Required", "yesno", width=8),
            col("due_hours", "时限(相对交车小时)", "Due (hours from delivery)", "integer", width=10),
            col("order", "顺序", "Order", "integer", width=6),
            col("active", "启用", "Active", "yesno", width=6),
        ),
        key_columns=("item_id",),
        aliases=("检查项模板", "交车清单模板", "checklist template"),
    ),
    Sheet(
        "checklist", "交车检查", "Checklist",
        (
            col("delivery_id", "交车编号", "Delivery ID", required=True, width=10),
            col("item_id", "项目编号", "Item ID", required=True, width=10),
            col("done", "完成", "Done", "yesno", width=8),
            col("by", "操作人", "By", width=10),
            col("at", "完成时间", "At", "datetime", width=16),
            col("note", "备注", "Note", width=24),
        ),
        key_columns=("delivery_id", "item_id"),
        aliases=("交车检查记录", "checklist state"),
    ),
    Sheet(
        "lost", "战败", "Lost sales",
        (
            col("lost_id", "战败编号", "Lost ID", width=10),
            col("date", "日期", "Date", "date", required=True),
            col("customer_id", "客户编号", "Customer ID", width=10),
            col("customer", "客户姓名", "Customer", aliases=("客户",), width=12),
            col("consultant", "销售顾问", "Consultant", required=True, aliases=("顾问",), width=10),
            col("model", "意向车型", "Model", aliases=("车型",), width=12),
            col("reason", "战败原因", "Reason", "choice", choices="lost_reason", aliases=("原因",), width=14),
            col("competitor_brand", "竞品品牌", "Competitor brand", aliases=("购买品牌",), width=12),
            col("competitor_model", "竞品车型", "Competitor model", aliases=("购买车型",), width=12),
            col("decision", "经理审批", "Decision", "choice", choices="decision", aliases=("审批",), width=10),
            col("decided_by", "审批人", "Decided by", width=10),
            col("note", "备注", "Notes", width=24),
        ),
        key_columns=("lost_id",),
        id_prefix="L",
        aliases=("未成交顾客记录表", "战败记录", "未成交", "lost"),
    ),
    Sheet(
        "meetings", "会议记录", "Meetings",
        (
            col("meeting_id", "记录编号", "Record ID", width=10),
            col("date", "日期", "Date", "date", required=True),
            col("kind", "会议", "Meeting", "choice", required=True, choices="meeting_kind", width=10),
            col("consultant", "销售顾问", "Consultant", aliases=("顾问",), width=10),
            col("note", "内容", "Notes", aliases=("备注", "记录"), width=50),
            col("by", "记录人", "By", width=10),
        ),
        key_columns=("meeting_id",),
        id_prefix="M",
        required=False,
        aliases=("早夕会记录", "meeting notes"),
    ),
    Sheet(
        "reassignments", "客户调配记录", "Reassignments",
        (
            col("reassignment_id", "调配编号", "Reassignment ID", width=10),
            col("recorded_at", "调配时间", "When", "datetime", required=True, aliases=("时间", "操作时间"), width=16),
            col("by", "操作人", "By", aliases=("经理",), width=10),
            col("customer_id", "客户编号", "Customer ID", required=True, width=10),
            col("customer", "客户姓名", "Customer", aliases=("客户",), width=12),
            col("phone", "手机", "Phone", "phone", aliases=("电话",)),
            col("from_consultant", "原顾问", "From", aliases=("调出顾问",), width=10),
            col("to_consultant", "新顾问", "To", required=True, aliases=("调入顾问",), width=10),
            col("reason", "原因", "Reason", aliases=("调配原因", "备注"), width=24),
        ),
        key_columns=("reassignment_id",),
        id_prefix="T",
        required=False,
        aliases=("客户调配", "调配记录", "reassignment log"),
    ),
    Sheet(
        "calendar", "日历调整", "Calendar",
        (
            col("date", "日期", "Date", "date", required=True),
            col("kind", "类型", "Kind", "choice", required=True, choices="calendar_kind", width=12),
            col("name", "名称", "Name", aliases=("节日",), width=14),
            col("greeting", "节日问候", "Greeting", "yesno", width=8),
        ),
        key_columns=("date", "kind"),
        required=False,
        aliases=("节假日", "假期", "holidays"),
    ),
    # the front desk's log of every visit and phone-in (来店(电)顾客登记表), anonymous ones included (issue 18)
    Sheet(
        "showroom_log", "来店(电)登记", "Showroom log",
        (
            col("visit_id", "登记编号", "Log ID", aliases=("编号", "id"), width=10),
            col("date", "日期", "Date", "date", required=True, aliases=("来店日期", "到店日期", "登记日期")),
            col("time_in", "到店时间", "Time in", "time", aliases=("进店时间", "来店时间", "来电时间", "开始时间", "start"), width=8),
            col("time_out", "离店时间", "Time out", "time", aliases=("离开时间", "结束时间", "end"), width=8),
            col("kind", "来店/来电", "Visit or call", "choice", choices="visit_kind", aliases=("来店来电", "方式", "类型", "type"), width=8),
            col("first_or_repeat", "首次/再次", "First or repeat", "choice", choices="visit_order", aliases=("首次再次", "首次来店", "是否首次"), width=8),
            col("people", "人数", "People", "integer", aliases=("来店人数",), width=6),
            col("consultant", "接待顾问", "Consultant", aliases=("销售顾问", "顾问", "接待人"), width=10),
            col("handover", "交接顾问", "Hand-over consultant", aliases=("转交顾问", "交接人"), width=10),
            col("source", "信息来源", "Source", "choice", choices="source", aliases=("来源", "渠道")),
            col("model", "意向车型", "Model wanted", aliases=("车型", "意向车"), width=12),
            col("competitor", "竞品车型", "Competing model", aliases=("对比车型", "竞品"), width=12),
            col("current_car", "现用车", "Current car", aliases=("现有车辆", "现驾车型", "现用车型"), width=12),
            col("customer", "客户姓名", "Name", aliases=("姓名", "客户"), width=12),
            col("phone", "手机", "Phone", "phone", aliases=("电话", "联系电话", "手机号")),
            col("customer_id", "客户编号", "Customer ID", aliases=("客户ID",), width=10),
            col("appointment", "预约下次到店", "Next visit booked", "date", aliases=("预约到店", "预约日期", "下次到店")),
            col("test_drive", "试驾", "Test drive", "yesno", aliases=("是否试驾", "试乘试驾"), width=6),
            col("recorded_by", "登记人", "Recorded by", aliases=("记录人", "前台"), width=10),
            col("recorded_at", "登记时间", "Recorded at", "datetime", aliases=("录入时间", "记录时间"), width=16),
        ),
        key_columns=("visit_id",),
        id_prefix="V",
        required=False,
        aliases=("来店登记", "来店(电)顾客登记表", "来店登记表", "来电登记", "展厅登记", "visitor log", "showroom traffic"),
    ),
)
# fmt: on
SHEETS_BY_KEY: dict[str, Sheet] = {s.key: s for s in SHEETS}


def sheet(key: str) -> Sheet:
    """The sheet declared under `key`."""
    return SHEETS_BY_KEY[key]


def choice_list(key: str) -> ChoiceList:
    return CHOICE_LISTS[key]


# --------------------------------------------------------------------------- matching
# Used by both the reader and the writer, so that both find the same sheet, header row
# and columns in a hand-edited file.

HEADER_SCAN_ROWS = 10  # a header may sit below a title row or two


def match_sheet(name: str) -> Sheet | None:
    """The declared sheet a sheet name (either language, or an alias) stands for."""
    return _sheet_index().get(normalize_token(name))


def match_setting(name: object) -> Setting | None:
    """The declared setting a settings row's name (its key, Chinese or English name) stands for."""
    return _setting_index().get(normalize_token(name))


@functools.cache
def _sheet_index() -> dict[str, Sheet]:
    return _by_folded_name(SHEETS, lambda s: s.names())


@functools.cache
def _setting_index() -> dict[str, Setting]:
    return _by_folded_name(SETTINGS, lambda s: (s.key, s.zh, s.en))


def _by_folded_name(items: Iterable[_T], names: Callable[[_T], Iterable[str]]) -> dict[str, _T]:
    """Folded name -> item, the first declared item winning (as a scan in order would)."""
    table: dict[str, _T] = {}
    for item in items:
        for n in names(item):
            table.setdefault(normalize_token(n), item)
    return table


def match_column(sheet_: Sheet, header: object) -> Column | None:
    """The declared column a header text (either language, or an alias) stands for."""
    if header is None:
        return None
    wanted = normalize_token(header)
    if not wanted:
        return None
    return _column_index(sheet_).get(wanted)


_COLUMN_INDEX: dict[int, tuple[Sheet, dict[str, Column]]] = {}  # perf: header matching ran O(names) per cell


def _column_index(sheet_: Sheet) -> dict[str, Column]:
    """Folded name -> column, the first declared column winning (as a scan in order would)."""
    entry = _COLUMN_INDEX.get(id(sheet_))
    if entry is None or entry[0] is not sheet_:
        table: dict[str, Column] = {}
        for c in sheet_.columns:
            for n in c.names():
                table.setdefault(normalize_token(n), c)
        entry = _COLUMN_INDEX[id(sheet_)] = (sheet_, table)
    return entry[1]


def find_header_row(sheet_: Sheet, rows: list[list[object]]) -> tuple[int, dict[str, int]] | None:
    """Among the first rows, the one that names the most declared columns.

    Returns (0-based row index, {column key: 0-based column index}); None when no row names
    at least one required column (or, for a sheet without required columns, any column).
    The first occurrence of a header wins when a column is repeated.
    """
    best: tuple[int, dict[str, int]] | None = None
    required = {c.key for c in sheet_.columns if c.required}
    for r, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        found: dict[str, int] = {}
        for i, cell in enumerate(cells):
            c = match_column(sheet_, cell)
            if c is not None and c.key not in found:
                found[c.key] = i
        if not found or (required and not (required & found.keys())):
            continue
        if best is None or len(found) > len(best[1]):
            best = (r, found)
    return best
