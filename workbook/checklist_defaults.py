"""The default delivery-ceremony checklist (DOMAIN.md, seeds 000 FAW-VW and 002 FTMS).

A new workbook's checklist_items sheet is pre-filled from `ITEMS`; the manager edits it in
Excel (the sheet, not this module, is the source of truth once the workbook exists).
`due_hours` is relative to the scheduled delivery time: negative = before, 0 = at the start.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChecklistItem:
    """One default checklist item, as a row of the checklist_items sheet."""

    item_id: str
    phase: str  # code of the "phase" choice list
    item_zh: str
    item_en: str
    owner_role: str  # code of the "role" choice list
    required: bool
    due_hours: int

    def row(self, order: int) -> dict[str, object]:
        """The checklist_items row (column key -> value) for this item."""
        return {
            "item_id": self.item_id,
            "phase": self.phase,
            "item_zh": self.item_zh,
            "item_en": self.item_en,
            "owner_role": self.owner_role,
            "required": self.required,
            "due_hours": self.due_hours,
            "order": order,
            "active": True,
        }


def _i(item_id: str, phase: str, zh: str, en: str, role: str, required: bool, hours: int) -> ChecklistItem:
    return ChecklistItem(item_id, phase, zh, en, role, required, hours)


ITEMS: tuple[ChecklistItem, ...] = (
    # before the day
    _i("PRE-01", "before", "通知服务部做PDI/PDS检查", "Ask service for the PDI/PDS", "consultant", True, -48),
    _i(
        "PRE-02", "before", "再次确认付款方式及到账情况", "Re-confirm payment terms and status", "consultant", True, -24
    ),
    _i(
        "PRE-03",
        "before",
        "确认对客户的全部承诺(精品、赠品、优惠)",
        "Re-confirm every promise made to the customer (accessories, gifts, discounts)",
        "consultant",
        True,
        -24,
    ),
    _i(
        "PRE-04",
        "before",
        "电话与客户约定交车时间，说明流程和所需时长",
        "Call the customer: agree the time, explain the process and how long it takes",
        "consultant",
        True,
        -24,
    ),
    _i(
        "PRE-05",
        "before",
        "备齐随车文件(合格证、发票、说明书、保险单、购置税凭证)",
        "Documents ready (certificate of conformity, invoice, manual, insurance policy, purchase-tax proof)",
        "consultant",
        True,
        -24,
    ),
    # delivery-day preparation
    _i(
        "PRP-01", "prep", "展厅门口摆放恭喜交车牌", "Congratulations sign at the showroom door", "front_desk", False, -2
    ),
    _i("PRP-02", "prep", "交车区清洁并摆放交车区标识", "Delivery area clean, with its sign", "consultant", True, -2),
    _i(
        "PRP-03",
        "prep",
        "车辆内外清洗，铺好保护脚垫纸",
        "Car washed inside and out, protective floor paper",
        "service_advisor",
        True,
        -4,
    ),
    _i(
        "PRP-04",
        "prep",
        "检查车窗、后视镜、烟灰缸、备胎及随车工具",
        "Check windows, mirrors, ashtray, spare tyre and tools",
        "service_advisor",
        True,
        -4,
    ),
    _i("PRP-05", "prep", "调好时钟和收音机频道", "Set the clock and radio stations", "consultant", False, -2),
    _i("PRP-06", "prep", "导航“家”设为本店", "Set the navigation home to the dealership", "consultant", False, -2),
    _i("PRP-07", "prep", "加注1/4箱燃油", "Put in a quarter tank of fuel", "service_advisor", True, -4),
    _i(
        "PRP-08",
        "prep",
        "备好备用钥匙、三角警示牌和反光背心",
        "Spare key, warning triangle and vest ready",
        "service_advisor",
        True,
        -4,
    ),
    _i(
        "PRP-09",
        "prep",
        "通知参加人员交车时间和客户情况",
        "Tell the attendees the time and the customer",
        "consultant",
        True,
        -4,
    ),
    # reception
    _i(
        "REC-01",
        "reception",
        "门口迎接客户并表示祝贺",
        "Meet the customer at the door and congratulate",
        "consultant",
        True,
        0,
    ),
    _i("REC-02", "reception", "为客户佩戴VIP交车贵宾证", "Hang the VIP delivery badge", "consultant", False, 0),
    _i(
        "REC-03",
        "reception",
        "见到贵宾证的员工主动祝贺",
        "Every staff member who sees the badge congratulates",
        "manager",
        False,
        0,
    ),
    # fees and documents
    _i(
        "DOC-01",
        "documents",
        "对照新车订购单说明各项费用",
        "Explain the costs with the new-car order form",
        "consultant",
        True,
        0,
    ),
    _i("DOC-02", "documents", "说明上牌手续及费用清单", "Explain the registration fee list", "consultant", True, 0),
    _i("DOC-03", "documents", "介绍服务顾问", "Introduce the service advisor", "consultant", True, 0),
    _i(
        "DOC-04",
        "documents",
        "说明保养周期和质保条款",
        "Explain the maintenance schedule and the warranty",
        "service_advisor",
        True,
        0,
    ),
    _i(
        "DOC-05",
        "documents",
        "介绍服务网络、营业时间、预约方式和24小时救援",
        "Explain the service network, opening hours, booking and 24-hour rescue",
        "service_advisor",
        True,
        0,
    ),
    _i("DOC-06", "documents", "移交随车文件和钥匙", "Hand over the car documents and keys", "consultant", True, 0),
    # inspection and operation
    _i(
        "INS-01",
        "inspection",
        "使用新车交接确认表与客户一起验车",
        "Inspect the car with the customer using the handover form",
        "consultant",
        True,
        1,
    ),
    _i(
        "INS-02",
        "inspection",
        "对照使用手册讲解车辆操作",
        "Explain the controls with the driver's manual",
        "consultant",
        True,
        1,
    ),
    _i("INS-03", "inspection", "说明安全注意事项", "Safety notes", "consultant", True, 1),
    _i("INS-04", "inspection", "确认订购的精品附件", "Confirm the ordered accessories", "consultant", True, 1),
    _i("INS-05", "inspection", "告知赠送1/4箱燃油", "Mention the free quarter tank of fuel", "consultant", False, 1),
    _i(
        "INS-06",
        "inspection",
        "客户签署交车过程及文件确认表和新车交接确认表",
        "Customer signs the delivery process and document form and the handover form",
        "consultant",
        True,
        1,
    ),
    # ceremony
    _i(
        "CER-01",
        "ceremony",
        "介绍销售经理和服务经理",
        "Introduce the sales manager and the service manager",
        "manager",
        True,
        1,
    ),
    _i("CER-02", "ceremony", "献花", "Flowers", "front_desk", False, 1),
    _i("CER-03", "ceremony", "拍摄交车纪念照", "Commemorative photo", "consultant", True, 1),
    _i("CER-04", "ceremony", "赠送小礼品", "Small gift", "consultant", False, 1),
    _i(
        "CER-05",
        "ceremony",
        "空闲员工到场鼓掌祝贺(车上系红绸、红花)",
        "Free staff attend and applaud (red ribbon and red flower on the car)",
        "manager",
        False,
        1,
    ),
    # farewell
    _i(
        "FAR-01",
        "farewell",
        "约定今后方便的联系方式和时间",
        "Agree how the customer may be contacted afterwards",
        "consultant",
        True,
        2,
    ),
    _i(
        "FAR-02",
        "farewell",
        "送别客户，目送车辆离开",
        "See the customer off and watch them drive away",
        "consultant",
        True,
        2,
    ),
    # after
    _i(
        "AFT-01",
        "after",
        "交车1小时后发送祝贺短信",
        "Congratulation message 1 hour after leaving",
        "consultant",
        True,
        3,
    ),
    _i("AFT-02", "after", "估算到家时间，电话确认安全到家", "Call to confirm safe arrival home", "consultant", True, 4),
    _i("AFT-03", "after", "填写C卡", "Fill in the C card", "consultant", True, 24),
    _i("AFT-04", "after", "向销售经理报告交车完成", "Report the delivery to the sales manager", "consultant", True, 24),
    _i("AFT-05", "after", "系统中登记“交车完成”", 'Record "delivery complete" in the system', "consultant", True, 24),
    _i("AFT-06", "after", "3天内寄出感谢信", "Thank-you letter within 3 days", "consultant", True, 72),
)


def default_rows() -> list[dict[str, object]]:
    """The checklist_items rows a new workbook starts with, in ceremony order."""
    return [item.row((n + 1) * 10) for n, item in enumerate(ITEMS)]
