"""Strings of the follow-up rules added for calling hours and waiting for the car (#16 items 7, 8).

The kinds' names are the `followup_kind` choices in `workbook/schema.py` (the contacts sheet's
dropdown needs them); here are their call scripts, under the `due.script.<kind>` keys that
`logic.scripts` looks up, and the calling window as a card or a page shows it.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "rules.window": ("联系时间 {window}", "Calling hours {window}"),
    "rules.due_at": ("{time} 起", "from {time}"),
    "due.script.car_allocated": (
        "{customer}您好，我是{store}的销售顾问{consultant}。好消息：您的新车已经配好了！我跟您约一下交车时间，"
        "也提醒您准备好尾款和上牌资料。",
        "Hello {customer}, this is {consultant} from {store}. Good news: your new car has been allocated! "
        "Let us agree on a delivery time; please have the balance payment and registration papers ready.",
    ),
    "due.script.balance_reminder": (
        "{customer}您好，我是{store}的销售顾问{consultant}。跟您确认一下尾款的支付时间和方式，"
        "尾款到账后我们就能按时为您安排交车。",
        "Hello {customer}, this is {consultant} from {store}. I would like to confirm when and how you will pay "
        "the balance; once it arrives we can deliver your car on time.",
    ),
    "due.script.delivery_delay": (
        "{customer}您好，我是{store}的销售顾问{consultant}。很抱歉第一时间通知您：您的新车交付时间要推迟，"
        "我跟您说明原因和新的预计日期，有任何顾虑请随时告诉我。",
        "Hello {customer}, this is {consultant} from {store}. I am sorry to tell you that the delivery of your new car "
        "is delayed; let me explain why and the new expected date, and tell me any concern you have.",
    ),
}
