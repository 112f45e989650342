"""Strings of first-contact ownership on the check page, the staff page and the author asked at each write."""

STRINGS: dict[str, tuple[str, str]] = {
    # the check page: cards sharing a phone
    "own.title": (
        "首问负责制: 同一手机号的客户卡 ({count})",
        "First-contact ownership: cards sharing a phone ({count})",
    ),
    "own.intro": (
        "同一手机号只能归一位顾问: 最先接触客户(接触记录的日期和时间)的顾问是归属人。请交还客户或合并重复的卡。",
        "One phone belongs to one consultant: whoever first contacted the customer (contact date, then time). "
        "Hand the customer back or merge the duplicate cards.",
    ),
    "own.more": (
        "另有 {count} 组未显示, 处理上面的之后会显示。",
        "{count} more not shown; they appear as these are resolved.",
    ),
    "own.phone": ("手机 {phone}", "Phone {phone}"),
    "own.owner": ("归属: {owner}(卡 {card} 最先接触)", "Owner: {owner} (card {card} was contacted first)"),
    "own.tie": ("首次接触时间相同: 由经理决定归属", "First contacts at the same time: the manager decides"),
    "own.duplicate": ("{consultant} 名下有重复的卡: 请合并", "{consultant} has duplicate cards: merge them"),
    "own.col.card": ("客户编号", "Customer ID"),
    "own.col.name": ("客户姓名", "Name"),
    "own.col.consultant": ("销售顾问", "Consultant"),
    "own.col.first": ("首次接触", "First contact"),
    "own.role.owner": ("归属人的卡", "owner's card"),
    "own.role.other": ("其他卡", "other card"),
    "own.unknown_time": ("时间不详", "time unknown"),
    "own.back.to": ("交还给", "Hand back to"),
    "own.back.submit": ("交还客户", "Hand back"),
    "own.back.reason": ("首问负责制: 交还首次接待顾问", "First-contact ownership: handed back to the first consultant"),
    "own.merge.keep": ("保留的卡", "Card to keep"),
    "own.merge.drop": ("合并进来的卡", "Card to merge into it"),
    "own.merge.submit": ("合并两张卡", "Merge the cards"),
    "own.merge.reason": ("合并重复卡 {merged} → {kept}", "Duplicate card {merged} merged into {kept}"),
    "own.merge.help": (
        "合并后, 所有指向被合并卡的记录(接触、交车、计划、战败、改期、调配)改为指向保留的卡; 被合并的卡标记“已合并至”, 不删除任何行。",
        "After the merge every row pointing at the merged card (contacts, deliveries, plans, lost sales, reschedules, "
        "reassignments) points at the kept card; the merged card is marked “Merged into”; no row is deleted.",
    ),
    "own.merge.no_id": (
        "无法合并: 工作表“{sheet}”第 {row} 行指向这张卡但没有编号; 请在 Excel 中为它填写编号。",
        "Cannot merge: row {row} of sheet “{sheet}” points at this card but has no ID; give it an ID in Excel.",
    ),
    "own.merge.same": ("请选择两张不同的卡。", "Choose two different cards."),
    "own.card_label": ("{card} {name}({consultant})", "{card} {name} ({consultant})"),
    # the staff page
    "staff.title": ("人员与客户调配", "Staff & customers"),
    "staff.col.name": ("姓名", "Name"),
    "staff.col.role": ("岗位", "Role"),
    "staff.col.active": ("在职", "Active"),
    "staff.col.customers": ("客户数", "Customers"),
    "staff.col.open": ("未结案客户", "Open customers"),
    "staff.bulk.title": ("批量调配客户", "Move customers in bulk"),
    "staff.bulk.intro": (
        "把一位顾问(例如离职的顾问)名下的客户一次调给一位或几位顾问, 轮流分配; 每一次调配都记入“客户调配记录”。",
        "Move all of one consultant's customers (a consultant who leaves, say) to one or several consultants at "
        "once, dealt out in turn; every move is recorded on the Reassignments sheet.",
    ),
    "staff.bulk.from": ("调出顾问", "From"),
    "staff.bulk.to": ("调入顾问(轮流分配)", "To (dealt out in turn)"),
    "staff.bulk.open_only": ("只调未结案客户(H/A/B/C/O 级)", "Only open customers (grades H/A/B/C/O)"),
    "staff.bulk.reason": ("原因", "Reason"),
    "staff.bulk.reason_default": ("顾问离职交接", "Consultant left; customers handed over"),
    "staff.bulk.submit": ("调配客户", "Move the customers"),
    "staff.bulk.none": ("{name} 名下没有要调配的客户。", "{name} has no customers to move."),
    "staff.bulk.pick_to": ("请至少选择一位调入顾问。", "Choose at least one consultant to move them to."),
    "staff.bulk.preview": ("将调配 {count} 位客户: {spread}", "{count} customers will move: {spread}"),
    "staff.bulk.records": ("最近的调配记录", "Latest reassignments"),
}
