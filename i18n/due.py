"""Strings of the follow-up due list: call scripts, grade warnings, the page and `cli.py due`."""

STRINGS: dict[str, tuple[str, str]] = {
    # ----------------------------------------------------------------- scripts (话术)
    "due.script.mr": ("{surname}先生", "Mr. {surname}"),
    "due.script.ms": ("{surname}女士", "Ms. {surname}"),
    "due.script.you": ("您", "there"),
    "due.script.new_lead_24h": (
        "{customer}您好，我是{store}的销售顾问{consultant}。感谢您来店看车，您关心的车型配置和价格我都帮您整理好了，有任何问题随时联系我，欢迎您再来试乘试驾！",
        "Hello {customer}, this is {consultant}, sales consultant at {store}. Thank you for visiting us; "
        "I have put together the details and prices of the car you liked. Call me any time, and you are welcome back for a test drive!",
    ),
    "due.script.new_lead_week1": (
        "您好，我是{store}的销售顾问{consultant}。是{customer}吗？您上次看的车还满意吗？这周店里有试驾活动，您看什么时间方便过来再体验一下？",
        "Hello, this is {consultant} from {store}. Am I speaking with {customer}? How did you like the car you saw? "
        "We have test drives this week; when would suit you to come and try it again?",
    ),
    "due.script.new_lead_week2": (
        "您好，我是{store}的销售顾问{consultant}。是{customer}吗？上次您提到的问题我帮您问清楚了，想跟您再沟通一下，您现在方便吗？",
        "Hello, this is {consultant} from {store}. Am I speaking with {customer}? I have found out what you asked about last time; "
        "do you have a minute to talk it over?",
    ),
    "due.script.new_lead_month1": (
        "您好，我是{store}的销售顾问{consultant}。是{customer}吗？这个月的购车政策快结束了，您之前看中的车型现在有优惠，要不要我给您做个详细方案？",
        "Hello, this is {consultant} from {store}. Am I speaking with {customer}? This month's offers end soon and the model "
        "you liked is on offer; shall I prepare a detailed quote for you?",
    ),
    "due.script.monthly": (
        "您好，我是{store}的销售顾问{consultant}。{customer}，好久没联系了，最近购车计划有变化吗？店里新到了几台车，有空欢迎来看看。",
        "Hello {customer}, this is {consultant} from {store}. It has been a while; has your plan to buy changed? "
        "New cars have just arrived; do drop by when you have time.",
    ),
    "due.script.grade_interval": (
        "您好，我是{store}的销售顾问{consultant}。是{customer}吗？您上次关心的问题我有了新消息，想跟您确认一下购车时间和方案。",
        "Hello, this is {consultant} from {store}. Am I speaking with {customer}? I have news on what you asked about last time "
        "and would like to confirm your timing and the offer with you.",
    ),
    "due.script.waiting_car": (
        "{customer}您好，我是{store}的销售顾问{consultant}。跟您同步一下您的新车进度：车辆调配和到店时间有消息我会第一时间通知您，尾款和上牌资料也可以提前准备。",
        "Hello {customer}, this is {consultant} from {store}, with an update on your new car: I will tell you at once when it is "
        "allocated and arrives, and you can prepare the balance payment and registration papers now.",
    ),
    "due.script.after_delivery_arrival": (
        "{customer}您好，我是{store}的{consultant}。您安全到家了吗？新车开着还习惯吧？",
        "Hello {customer}, this is {consultant} from {store}. Did you get home safely? Are you getting used to the new car?",
    ),
    "due.script.after_delivery_1h": (
        "【{store}】{customer}，恭喜您喜提爱车！感谢您的信任，用车中有任何问题请随时联系我。销售顾问{consultant}",
        "[{store}] Congratulations on your new car, {customer}! Thank you for your trust; call me with any question. "
        "{consultant}, sales consultant",
    ),
    "due.script.after_delivery_day3": (
        "{customer}您好，我是{store}的销售顾问{consultant}。感谢您选购我们的车，使用情况还好吧？有什么不清楚的功能我可以帮您讲解，另外提醒您首保的时间和里程。",
        "Hello {customer}, this is {consultant} from {store}. Thank you for choosing our car; how is it going? "
        "I can explain any feature, and a reminder about the time and mileage of the first service.",
    ),
    "due.script.after_delivery_day4": (
        "{customer}您好，我是{store}的销售经理{consultant}。感谢您选购我们的车！想了解一下您对新车和我们销售顾问的服务是否满意，有什么意见和建议吗？",
        "Hello {customer}, this is {consultant}, sales manager at {store}. Thank you for buying from us! "
        "Are you happy with the car and with our consultant's service? Any suggestions?",
    ),
    "due.script.after_delivery_monthly": (
        "{customer}您好，我是{store}的销售顾问{consultant}。新车用了一段时间了，感觉怎么样？记得按时保养，有需要我帮您预约。",
        "Hello {customer}, this is {consultant} from {store}. How is the car after these weeks? "
        "Remember the scheduled service; I can book it for you.",
    ),
    "due.script.birthday": (
        "{customer}您好，我是{store}的销售顾问{consultant}。今天是您的生日，祝您生日快乐、身体健康、万事如意！",
        "Hello {customer}, this is {consultant} from {store}. Happy birthday! Wishing you health and every success.",
    ),
    "due.script.holiday_greeting": (
        "{customer}您好，我是{store}的销售顾问{consultant}。{festival}快到了，祝您和家人节日快乐、阖家幸福！",
        "Hello {customer}, this is {consultant} from {store}. {festival} is coming; best wishes to you and your family!",
    ),
    "due.script.dormancy_review": (
        "经理审核：{customer}首次接触已满一年仍未购车。请决定：转为休眠，或重新分配给其他顾问继续跟进。",
        "Manager's review: {customer} first came in over a year ago and has not bought. Decide: make dormant, "
        "or reassign to another consultant.",
    ),
    "due.script.next_contact": (
        "{customer}您好，我是{store}的销售顾问{consultant}。上次跟您约好今天再联系，您现在方便吗？",
        "Hello {customer}, this is {consultant} from {store}. We agreed I would call you again today; is now a good time?",
    ),
    # ----------------------------------------------------------------- grade checks
    "due.grade.too_hot": (
        "级别 {grade} 偏高: 预计购买日期在 {days} 天后, {grade} 级应在 {window} 天内(建议 {expected})",
        "Grade {grade} looks too hot: expected purchase in {days} days, {grade} means within {window} days (suggest {expected})",
    ),
    "due.grade.too_cold": (
        "级别 {grade} 偏低: 预计购买日期在 {days} 天后, 应为 {expected} 级({expected} 级 {window} 天内)",
        "Grade {grade} looks too cold: expected purchase in {days} days, that is grade {expected} (within {window} days)",
    ),
    "due.grade.expected_passed": (
        "预计购买日期 {expected_date} 已过 {days} 天, 请更新级别或日期",
        "Expected purchase date {expected_date} passed {days} days ago; update the grade or the date",
    ),
    "due.grade.h_untouched": (
        "H级客户已 {days} 天未跟进(预警 {limit} 天)",
        "H lead untouched for {days} days (warning after {limit})",
    ),
    "due.grade.delivered_not_d": (
        "已交车({delivered}), 级别仍为 {grade}, 应为 D",
        "Delivered ({delivered}) but still graded {grade}; expected D",
    ),
    "due.grade.ordered_still_lead": (
        "已签约/待交车, 级别仍为 {grade}, 应为 O",
        "Ordered (delivery planned) but graded {grade}; expected O",
    ),
    "due.grade.d_without_delivery": (
        "级别为 D, 但交车表中没有已完成的交车",
        "Graded D but no completed delivery in the deliveries sheet",
    ),
    "due.grade.promise_too_late": (
        "约定 {on} 再联系(相隔 {days} 天), 但 {grade} 级客户应每 {interval} 天跟进",
        "Promised a call on {on} ({days} days away), but a grade {grade} lead needs contact every {interval} days",
    ),
    # ----------------------------------------------------------------- calendar
    "due.calendar.unknown_year": (
        "节假日库不认识 {years} 年; 请在「日历调整」表中填写当年的节假日和调休",
        "The holiday library does not know {years}; list that year's holidays and make-up days in the Calendar sheet",
    ),
    "due.calling_hours": (
        "联系时间: {start}-{end}(设置表可改)",
        "Calling hours: {start}-{end} (change them in the Settings sheet)",
    ),
    # ----------------------------------------------------------------- cli
    "due.cli.help": ("列出到期和逾期的跟进", "List follow-ups due and overdue"),
    "due.cli.none": ("{on} 没有到期的跟进", "Nothing due on {on}"),
    "due.cli.total": ("共 {n} 项, 其中逾期 {overdue} 项", "{n} items, {overdue} overdue"),
    "due.cli.unknown_consultant": (
        "员工表中没有顾问「{name}」(有: {known})",
        'No staff member named "{name}" (known: {known})',
    ),
    "due.col.customer_id": ("客户编号", "ID"),
    "due.col.customer": ("客户", "Customer"),
    "due.col.phone": ("手机", "Phone"),
    "due.col.consultant": ("负责人", "Owner"),
    "due.col.kind": ("回访类别", "Follow-up"),
    "due.col.due": ("到期日", "Due"),
    "due.col.overdue_days": ("逾期天数", "Days overdue"),
    "due.col.last_contact": ("上次联系", "Last contact"),
    "due.col.script": ("话术", "Script"),
    "due.col.attempts": ("未接通", "No answer"),
    "due.cli.out_of_contact": ("(可能失联)", "(possibly out of contact)"),
    # ----------------------------------------------------------------- page
    "due.page.consultant": ("顾问", "Consultant"),
    "due.page.everyone": ("全部", "Everyone"),
    "due.page.kinds": ("回访类别", "Follow-up kinds"),
    "due.page.all_kinds": ("全部类别", "All kinds"),
    "due.page.as_of": ("截至日期", "As of"),
    "due.page.ahead": ("含未来天数", "Include days ahead"),
    "due.page.overdue_only": ("只看逾期", "Overdue only"),
    "due.page.c_consultant": ("负责人", "Owner"),
    "due.page.c_due_today": ("今天到期", "Due today"),
    "due.page.c_overdue": ("逾期", "Overdue"),
    "due.page.c_upcoming": ("即将到期", "Coming up"),
    "due.page.c_customers": ("客户数", "Customers"),
    "due.page.export": ("导出Excel", "Export to Excel"),
    "due.page.nothing": ("没有到期的跟进", "Nothing due"),
    "due.page.page": ("页码(共 {n} 页)", "Page (of {n})"),
    "due.page.grade": ("{grade}级", "grade {grade}"),
    "due.page.overdue_n": ("逾期 {n} 天", "{n} days overdue"),
    "due.page.due_today": ("今天到期", "due today"),
    "due.page.in_n": ("{n} 天后到期", "due in {n} days"),
    "due.page.last": ("上次联系 {date}", "last contact {date}"),
    "due.page.never": ("从未联系", "never contacted"),
    "due.page.type": ("方式", "Contact type"),
    "due.page.note": ("结果/备注", "Result / note"),
    "due.page.new_grade": ("新级别", "New grade"),
    "due.page.grade_same": ("不变({grade})", "Unchanged ({grade})"),
    "due.page.next_date": ("下次跟进日期(与客户约定)", "Next date (promised to the customer)"),
    "due.page.tries": ("未接通 {n} 次, 上次 {date}", "No answer {n}×, last {date}"),
    "due.page.out_of_contact": ("可能失联, 请经理关注", "Possibly out of contact: manager to look"),
    "due.page.contact_date": ("联系日期", "Date of the contact"),
    "due.page.log": ("记录", "Log"),
    "due.page.new_due": ("新日期", "New date"),
    "due.page.needs_id": (
        "该客户还没有客户编号; 先记录一次结果, 系统会分配编号",
        "This customer has no ID yet; log a result first and the app gives one",
    ),
    "due.page.reassign_to": ("转给", "Hand over to"),
    "due.page.reassign": ("转交", "Reassign"),
    "due.page.reassigned_note": ("一年未购审核: 由{old}转给{new}", "Dormancy review: reassigned from {old} to {new}"),
    "due.page.make_dormant": ("转为休眠(Z)", "Make dormant (Z)"),
    "due.page.dormant_note": ("一年未购审核: 转为休眠", "Dormancy review: made dormant"),
    "due.day.closed": (
        "今天门店闭店: 今天到期的跟进顺延到下一个营业日",
        "The store is closed today: today's follow-ups move to the next open day",
    ),
    "due.day.holiday": (
        "今天是法定节假日({name}), 门店照常营业, 跟进照常",
        "Today is a public holiday ({name}); the store is open and follow-ups are due as usual",
    ),
    "due.day.makeup": ("今天是调休上班日", "Today is a make-up working day"),
    "due.page.warnings": ("级别提醒", "Grade check"),
    "due.page.just_done": (
        "{name} 的这项跟进刚刚已由 {by} 完成({at}); 你的记录也已保存, 两条都保留",
        "{by} had just done this follow-up for {name} ({at}); yours is saved too, both are kept",
    ),
}
