"""Strings of the customers page (客户): the search box on every page, the customer's card, a new card."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "cust.page": ("客户", "Customers"),
    # --- searching
    "cust.search.label": ("找客户", "Find a customer"),
    "cust.search.placeholder": ("姓名 / 手机4位 / 编号", "Name, 4 phone digits, ID"),
    "cust.search.hint": (
        "输入客户姓名、手机号中任意连续 4 位以上数字，或客户编号（如 C0012）。",
        "Type a name, any 4 or more consecutive digits of a phone, or a customer ID (e.g. C0012).",
    ),
    "cust.search.few_digits": (
        "请至少输入手机号中连续 {n} 位数字。",
        "Type at least {n} consecutive digits of the phone.",
    ),
    "cust.search.none": ("没有找到“{query}”。", "No customer matches “{query}”."),
    "cust.search.make": ("用“{query}”新建客户卡", "New card with “{query}”"),
    "cust.search.count": ("找到 {total} 位客户", "{total} customers found"),
    "cust.search.more": (
        "只列出最近接触的 {shown} 位（共 {total} 位），请输入更多字缩小范围。",
        "Showing the {shown} most recently contacted of {total}; type more to narrow it down.",
    ),
    "cust.result.last": ("最近接触 {day}", "last contact {day}"),
    "cust.result.never": ("无接触记录", "no contact yet"),
    # --- the card
    "cust.card.back": ("返回搜索结果", "Back to the results"),
    "cust.card.not_found": ("找不到客户“{ref}”（可能已在 Excel 中改动）。", "No customer “{ref}” (changed in Excel?)."),
    "cust.card.record": ("客户档案", "Record"),
    "cust.card.items": ("待跟进（{n}）", "Open follow-ups ({n})"),
    "cust.card.no_items": ("目前没有待跟进的事项。", "Nothing to follow up now."),
    "cust.card.overdue": ("逾期 {n} 天", "{n} days overdue"),
    "cust.card.due_today": ("今天到期", "due today"),
    "cust.card.upcoming": ("{day} 到期", "due {day}"),
    "cust.card.attempts": ("未接通 {n} 次", "{n} unanswered"),
    "cust.card.out_of_contact": ("可能失联", "possibly out of contact"),
    "cust.card.contacts": ("接触记录（{n}）", "Contacts ({n})"),
    "cust.card.no_contacts": ("还没有接触记录。", "No contacts yet."),
    "cust.card.void": ("已作废", "voided"),
    "cust.card.deliveries": ("交车（{n}）", "Deliveries ({n})"),
    # --- a new card
    "cust.add.title": ("新建客户卡", "New customer card"),
    "cust.add.consultant_default": ("（默认：操作人）", "(default: whoever saves)"),
    "cust.add.save": ("建卡", "Create the card"),
    "cust.add.required": ("请填写：{fields}", "Please fill in: {fields}"),
    "cust.add.bad_phone": (
        "“{phone}”不是手机号码：只能有数字，可带开头的 + 号、空格或横线。",
        "“{phone}” is not a phone number: digits only, with an optional leading +, spaces or dashes.",
    ),
    "cust.add.duplicate": (
        "手机号 {phone} 已有客户卡：按首次接触，是 {owner} 的客户 {name}（{ref}）。",
        "Phone {phone} already has a card: by first contact, {name} ({ref}) is {owner}'s customer.",
    ),
    "cust.add.duplicate_tie": (
        "手机号 {phone} 已有客户卡 {name}（{ref}）：几位顾问首次接触同时，归经理 {owner}。",
        "Phone {phone} already has a card, {name} ({ref}): consultants' first contacts tie, so it is the manager {owner}'s.",
    ),
    "cust.add.open_theirs": ("打开 {name} 的客户卡", "Open {name}'s card"),
    "cust.add.confirm": ("仍然新建一张卡（经理确认）", "Create another card anyway (manager's confirmation)"),
    "cust.add.duplicate_refused": (
        "这个手机号已有客户卡：请打开已有的卡；确需再建一张，由经理勾选上面的确认。",
        "This phone already has a card: open it; if a second card is really needed, a manager ticks the confirmation above.",
    ),
    "cust.add.manager_only": (
        "同一手机号的第二张卡只能由经理确认后新建。",
        "Only a manager can confirm a second card for the same phone.",
    ),
    "cust.add.done": ("已建卡：{name}", "Card created: {name}"),
}
