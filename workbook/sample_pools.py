"""Word pools for the sample workbook: names, models, competitors and what consultants write.

Every entry that a person reads is a (zh, en) pair; English names are pinyin. The brand and
its lineup are fictional (星辰 / Xingchen); competitors are the usual Chinese-market rivals.
"""

from __future__ import annotations

# (hanzi, pinyin, weight per mille, roughly the national frequency)
SURNAMES: tuple[tuple[str, str, float], ...] = (
    ("王", "Wang", 71), ("李", "Li", 70), ("张", "Zhang", 67), ("刘", "Liu", 54), ("陈", "Chen", 45),
    ("杨", "Yang", 31), ("黄", "Huang", 22), ("赵", "Zhao", 20), ("吴", "Wu", 18), ("周", "Zhou", 17),
    ("徐", "Xu", 13), ("孙", "Sun", 13), ("马", "Ma", 11), ("朱", "Zhu", 11), ("胡", "Hu", 10),
    ("郭", "Guo", 10), ("何", "He", 9), ("高", "Gao", 9), ("林", "Lin", 9), ("罗", "Luo", 8),
    ("郑", "Zheng", 8), ("梁", "Liang", 7), ("谢", "Xie", 6), ("宋", "Song", 6), ("唐", "Tang", 6),
    ("许", "Xu", 5), ("韩", "Han", 5), ("冯", "Feng", 5), ("邓", "Deng", 5), ("曹", "Cao", 5),
    ("彭", "Peng", 5), ("曾", "Zeng", 5), ("肖", "Xiao", 5), ("田", "Tian", 4), ("董", "Dong", 4),
    ("袁", "Yuan", 4), ("潘", "Pan", 4), ("于", "Yu", 4), ("蒋", "Jiang", 4), ("蔡", "Cai", 4),
    ("余", "Yu", 4), ("杜", "Du", 4), ("叶", "Ye", 4), ("程", "Cheng", 4), ("苏", "Su", 3),
    ("魏", "Wei", 3), ("吕", "Lyu", 3), ("丁", "Ding", 3), ("任", "Ren", 3), ("沈", "Shen", 3),
    ("姚", "Yao", 3), ("卢", "Lu", 3), ("姜", "Jiang", 3), ("崔", "Cui", 3), ("钟", "Zhong", 3),
    ("谭", "Tan", 3), ("陆", "Lu", 3), ("汪", "Wang", 3), ("范", "Fan", 3), ("金", "Jin", 3),
    ("石", "Shi", 2), ("廖", "Liao", 2), ("贾", "Jia", 2), ("夏", "Xia", 2), ("韦", "Wei", 2),
    ("方", "Fang", 2), ("白", "Bai", 2), ("邹", "Zou", 2), ("孟", "Meng", 2), ("熊", "Xiong", 2),
    ("秦", "Qin", 2), ("邱", "Qiu", 2), ("江", "Jiang", 2), ("尹", "Yin", 2), ("薛", "Xue", 2),
    ("段", "Duan", 2), ("雷", "Lei", 2), ("侯", "Hou", 2), ("龙", "Long", 2), ("史", "Shi", 2),
    ("陶", "Tao", 2), ("黎", "Li", 2), ("贺", "He", 2), ("顾", "Gu", 2), ("毛", "Mao", 2),
    ("郝", "Hao", 2), ("龚", "Gong", 2), ("邵", "Shao", 2), ("万", "Wan", 2), ("钱", "Qian", 2),
    ("严", "Yan", 2), ("武", "Wu", 2), ("戴", "Dai", 2), ("孔", "Kong", 1), ("汤", "Tang", 1),
    ("欧阳", "Ouyang", 0.5), ("司马", "Sima", 0.2),
)  # fmt: skip

GIVEN_MALE: tuple[tuple[str, str], ...] = (
    ("伟", "Wei"), ("强", "Qiang"), ("磊", "Lei"), ("军", "Jun"), ("勇", "Yong"), ("杰", "Jie"),
    ("涛", "Tao"), ("斌", "Bin"), ("超", "Chao"), ("明", "Ming"), ("刚", "Gang"), ("平", "Ping"),
    ("辉", "Hui"), ("鹏", "Peng"), ("华", "Hua"), ("飞", "Fei"), ("鑫", "Xin"), ("波", "Bo"),
    ("宇", "Yu"), ("浩", "Hao"), ("凯", "Kai"), ("健", "Jian"), ("俊", "Jun"), ("帆", "Fan"),
    ("旭", "Xu"), ("宁", "Ning"), ("龙", "Long"), ("峰", "Feng"), ("亮", "Liang"), ("东", "Dong"),
    ("海", "Hai"), ("成", "Cheng"), ("志", "Zhi"), ("建", "Jian"), ("国", "Guo"), ("文", "Wen"),
    ("博", "Bo"), ("睿", "Rui"), ("晨", "Chen"), ("阳", "Yang"), ("毅", "Yi"), ("坤", "Kun"),
)  # fmt: skip
GIVEN_FEMALE: tuple[tuple[str, str], ...] = (
    ("芳", "Fang"), ("娜", "Na"), ("敏", "Min"), ("静", "Jing"), ("丽", "Li"), ("艳", "Yan"),
    ("婷", "Ting"), ("雪", "Xue"), ("慧", "Hui"), ("颖", "Ying"), ("琳", "Lin"), ("洁", "Jie"),
    ("倩", "Qian"), ("玲", "Ling"), ("燕", "Yan"), ("霞", "Xia"), ("欣", "Xin"), ("悦", "Yue"),
    ("佳", "Jia"), ("怡", "Yi"), ("萍", "Ping"), ("红", "Hong"), ("梅", "Mei"), ("兰", "Lan"),
    ("月", "Yue"), ("晶", "Jing"), ("莉", "Li"), ("露", "Lu"), ("琪", "Qi"), ("妍", "Yan"),
)  # fmt: skip
GIVEN_FIRST: tuple[tuple[str, str], ...] = (  # first character of a two-character given name
    ("子", "Zi"), ("晓", "Xiao"), ("嘉", "Jia"), ("思", "Si"), ("雨", "Yu"), ("志", "Zhi"),
    ("建", "Jian"), ("文", "Wen"), ("一", "Yi"), ("家", "Jia"), ("海", "Hai"), ("春", "Chun"),
    ("玉", "Yu"), ("秀", "Xiu"), ("金", "Jin"), ("国", "Guo"), ("立", "Li"), ("永", "Yong"),
    ("天", "Tian"), ("俊", "Jun"), ("雅", "Ya"), ("欣", "Xin"), ("梦", "Meng"), ("宏", "Hong"),
)  # fmt: skip

# The fictional lineup: (model zh, model en, price low, price high in yuan)
MODELS: tuple[tuple[str, str, int, int], ...] = (
    ("星辰S3", "Xingchen S3", 79_800, 109_800),
    ("星辰S5", "Xingchen S5", 129_800, 179_800),
    ("星辰S7", "Xingchen S7", 199_800, 269_800),
    ("星辰X3", "Xingchen X3", 99_800, 139_800),
    ("星辰X5", "Xingchen X5", 149_800, 209_800),
    ("星辰X7", "Xingchen X7", 219_800, 299_800),
    ("星辰M6", "Xingchen M6", 169_800, 229_800),
    ("星辰E3 纯电", "Xingchen E3 EV", 119_800, 159_800),
    ("星辰E5 纯电", "Xingchen E5 EV", 179_800, 239_800),
)
# How often each model is asked about (same order as MODELS).
MODEL_WEIGHTS: tuple[int, ...] = (14, 16, 6, 15, 20, 7, 6, 9, 7)

COMPETITORS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("大众", "Volkswagen", (("朗逸", "Lavida"), ("迈腾", "Magotan"), ("途观L", "Tiguan L"))),
    ("丰田", "Toyota", (("卡罗拉", "Corolla"), ("凯美瑞", "Camry"), ("RAV4荣放", "RAV4"))),
    ("本田", "Honda", (("思域", "Civic"), ("雅阁", "Accord"), ("CR-V", "CR-V"))),
    ("日产", "Nissan", (("轩逸", "Sylphy"), ("奇骏", "X-Trail"))),
    ("比亚迪", "BYD", (("秦PLUS", "Qin PLUS"), ("宋PLUS", "Song PLUS"), ("汉", "Han"))),
    ("吉利", "Geely", (("星越L", "Monjaro"), ("博越L", "Boyue L"))),
    ("长安", "Changan", (("CS75 PLUS", "CS75 PLUS"), ("逸动", "Eado"))),
    ("特斯拉", "Tesla", (("Model 3", "Model 3"), ("Model Y", "Model Y"))),
    ("理想", "Li Auto", (("L6", "L6"),)),
)

AREAS: tuple[tuple[str, str], ...] = (
    ("高新区", "Hi-tech Zone"), ("经开区", "Development Zone"), ("城东", "East town"),
    ("城西", "West town"), ("滨江新区", "Riverside"), ("老城区", "Old town"), ("北郊", "North suburbs"),
    ("南湖", "South Lake"), ("大学城", "University town"), ("临港", "Harbour district"),
    ("下辖县", "County"),
)  # fmt: skip
USES: tuple[tuple[str, str], ...] = (
    ("上下班代步", "Commuting"), ("家用", "Family car"), ("接送孩子", "School runs"),
    ("商务接待", "Business"), ("自驾游", "Road trips"), ("跑网约车", "Ride-hailing"),
    ("换车升级", "Upgrade"), ("给父母买", "For parents"),
)  # fmt: skip
FAMILIES: tuple[tuple[str, str], ...] = (
    ("已婚，一个孩子", "Married, one child"), ("已婚，两个孩子", "Married, two children"),
    ("未婚", "Single"), ("新婚", "Newly married"), ("三代同堂", "Three generations at home"),
    ("已婚，孩子上大学", "Married, child at university"),
)  # fmt: skip
HOBBIES: tuple[tuple[str, str], ...] = (
    ("钓鱼", "Fishing"), ("摄影", "Photography"), ("跑步", "Running"), ("自驾游", "Road trips"),
    ("羽毛球", "Badminton"), ("露营", "Camping"), ("篮球", "Basketball"), ("喝茶", "Tea"),
    ("健身", "Gym"), ("骑行", "Cycling"), ("音乐", "Music"),
)  # fmt: skip
TRADE_INS: tuple[tuple[str, str], ...] = (
    ("2014款大众朗逸", "2014 VW Lavida"), ("2016款丰田卡罗拉", "2016 Toyota Corolla"),
    ("2013款本田飞度", "2013 Honda Fit"), ("2017款日产轩逸", "2017 Nissan Sylphy"),
    ("2015款别克英朗", "2015 Buick Excelle GT"), ("2018款哈弗H6", "2018 Haval H6"),
    ("2012款现代伊兰特", "2012 Hyundai Elantra"), ("2019款星辰S3", "2019 Xingchen S3"),
)  # fmt: skip

# What consultants write in the result column, per kind of touch.
RESULTS: dict[str, tuple[tuple[str, str], ...]] = {
    "first_visit": (
        ("首次到店看{model}，重点关注空间和油耗", "First visit for the {model}; cares about space and fuel use"),
        (
            "看{model}，对比{competitor}，留了电话",
            "Looked at the {model}, comparing with the {competitor}; left a phone number",
        ),
        ("一家人来看{model}，孩子喜欢", "Came with the family to see the {model}; the kids liked it"),
        ("了解{model}配置和价格，预算有限", "Asked about {model} trims and price; tight budget"),
    ),
    "first_call": (
        ("网络线索回访，客户询问{model}最低价", "Called back an online lead; asked for the best {model} price"),
        ("来电咨询{model}现车和优惠", "Phoned in about {model} stock and discounts"),
        ("客户留资后回电，约周末来店", "Called back after the web form; will visit at the weekend"),
    ),
    # unanswered calls (outcome no_answer / wrong_number)
    "no_answer": (
        ("未接通", "No answer"),
        ("无人接听，稍后再打", "Nobody picked up; will try again"),
        ("关机", "Phone switched off"),
        ("占线", "Line busy"),
        ("响铃后挂断", "Rang, then hung up"),
    ),
    "wrong_number": (("空号，请核对客户手机号", "Number not in service; check the customer's phone"),),
    "greeting": (
        ("发送感谢短信和{model}资料", "Sent a thank-you message and the {model} brochure"),
        ("加微信，发了店址和车型配置表", "Added on WeChat; sent the address and spec sheet"),
        ("电话问候，客户表示会再考虑", "Greeting call; customer is still thinking"),
    ),
    "call": (
        ("客户还在对比{competitor}，约下周来店", "Still comparing with the {competitor}; will visit next week"),
        ("客户出差中，回来后再约看车", "Customer away on business; will arrange a visit on return"),
        ("客户在忙，晚点再联系", "Customer busy; call later"),
        ("介绍本月{model}金融政策，客户有兴趣", "Explained this month's {model} finance offer; interested"),
        ("客户问置换补贴，已发评估预约", "Asked about the trade-in bonus; sent an appraisal booking"),
        ("客户家人意见不统一，再等等", "Family not agreed yet; waiting"),
        ("邀约试驾，客户答应周末来", "Invited for a test drive; will come at the weekend"),
    ),
    "message": (
        ("微信发送{model}最新优惠", "Sent the latest {model} offer on WeChat"),
        ("发送节日问候", "Sent holiday greetings"),
        ("发了试驾邀请，客户已读未回", "Sent a test-drive invitation; read, no reply"),
    ),
    "visit": (
        ("再次到店，详细看了{model}内饰", "Came back; looked closely at the {model} interior"),
        ("带家人到店，谈价格", "Came with family to talk price"),
        ("到店看现车颜色", "Came to see the colours in stock"),
    ),
    "test_drive": (
        ("试驾{model}，对动力满意", "Test-drove the {model}; happy with the power"),
        ("试乘试驾，客户觉得底盘扎实", "Test drive; customer liked the handling"),
    ),
    "quote": (
        ("报价{model}，客户嫌贵，回去商量", "Quoted the {model}; too expensive, will discuss at home"),
        ("出具报价单，含保险和上牌", "Gave a written quote incl. insurance and registration"),
    ),
    "order": (
        ("签约{model}，交定金", "Signed for the {model}; deposit paid"),
        ("成交{model}，选择分期", "Closed on the {model}, with financing"),
    ),
    "waiting_car": (
        ("告知车辆已配车，预计下周到店", "Car allocated; arrives next week"),
        ("提醒尾款和上牌资料", "Reminded of the balance payment and registration papers"),
        ("告知到车时间，客户满意", "Told the arrival date; customer happy"),
    ),
    "car_allocated": (
        ("告知车辆已配车，约好交车时间", "Told the car is allocated; agreed the delivery time"),
        ("配车成功，提醒准备上牌资料", "Car allocated; reminded of the registration papers"),
    ),
    "balance_reminder": (
        ("提醒尾款，客户答应按时转账", "Reminded of the balance; customer will transfer on time"),
        ("确认尾款支付方式(贷款放款中)", "Confirmed how the balance is paid (loan being paid out)"),
    ),
    "delivery_delay": (
        (
            "告知厂家发车延迟，说明新的预计交车日期，客户表示理解",
            "Told of the factory's delay and the new expected date; customer understands",
        ),
        ("告知交车推迟，客户不满，已报经理", "Told the delivery is late; customer unhappy, manager told"),
    ),
    "delivery": (
        ("交车仪式完成，合影留念", "Delivery ceremony done, photo taken"),
        ("顺利交车，客户很满意", "Smooth delivery; customer very happy"),
    ),
    "after_delivery_arrival": (("客户已安全到家", "Customer home safely"),),
    "after_delivery_1h": (("发送交车祝贺短信", "Sent the congratulation message"),),
    "after_delivery_day3": (
        ("回访用车情况，提醒首保", "Asked how the car is; reminded of the first service"),
        ("客户反馈车机连接问题，已转服务顾问", "Infotainment pairing issue; passed to the service advisor"),
    ),
    "after_delivery_day4": (("经理回访，客户对顾问服务满意", "Manager's call; happy with the consultant"),),
    "after_delivery_monthly": (
        ("月度回访，用车正常", "Monthly call; all fine with the car"),
        ("客户介绍朋友看{model}", "Customer referred a friend for the {model}"),
        ("提醒保养时间", "Reminded of the service date"),
    ),
    "lost": (
        ("客户已购买{competitor}", "Customer bought the {competitor}"),
        ("客户暂缓购车", "Customer postponed the purchase"),
        ("贷款未批，放弃购车", "Loan not approved; gave up"),
    ),
    "lost_request": (("申请战败：客户多次未接电话", "Lost request: customer no longer answers"),),
    "dormant": (("一年未成交，经理审核转休眠", "No purchase in a year; manager made dormant"),),
    "unreachable": (("多次联系不上，转休眠", "Unreachable after many tries; made dormant"),),
    "birthday": (("发送生日祝福", "Sent birthday wishes"),),
    "holiday": (("发送节日祝福", "Sent holiday greetings"), ("节日问候短信", "Holiday greeting message")),
    "walk_in_anonymous": (
        ("看车，未留资料", "Looked around, left no details"),
        ("只问价格，未留电话", "Asked the price only, left no phone number"),
        ("陪朋友来看车", "Came along with a friend"),
    ),
}

NEXT_STEPS: tuple[tuple[str, str], ...] = (
    ("约试驾", "Book a test drive"), ("发报价", "Send a quote"), ("电话跟进", "Follow-up call"),
    ("邀约到店", "Invite to the showroom"), ("发优惠信息", "Send the offer"), ("等客户回复", "Wait for reply"),
)  # fmt: skip
PLAN_GOALS: dict[str, tuple[tuple[str, str], ...]] = {
    "call": (("确认来店时间", "Confirm the visit time"), ("跟进报价反馈", "Get feedback on the quote"),
             ("邀约周末试驾", "Invite to a weekend test drive")),
    "visit": (("到店谈价格，争取今天签约", "Price talk; aim to sign today"), ("看现车颜色", "See the colours in stock")),
    "test_drive": (("试驾{model}", "Test drive of the {model}"),),
    "message": (("发送本月优惠", "Send this month's offer"),),
    "delivery": (("交车仪式", "Delivery ceremony"),),
}  # fmt: skip
PLAN_RESULTS: tuple[tuple[str, str], ...] = (
    ("已完成", "Done"), ("客户改约明天", "Customer moved to tomorrow"), ("未接通，明天再打", "No answer, retry tomorrow"),
    ("已到店，报价中", "Came in, quoting"),
)  # fmt: skip
RESCHEDULE_REASONS: tuple[tuple[str, str], ...] = (
    ("客户出差，下周回来", "Customer away on business until next week"),
    ("客户要求周末再联系", "Customer asked to be called at the weekend"),
    ("顾问轮休", "Consultant's day off"),
    ("客户住院，暂缓", "Customer in hospital; later"),
)
MEETING_NOTES: dict[str, tuple[tuple[str, str], ...]] = {
    "morning": (
        (
            "今日重点：H级客户全部电话确认，试驾车提前准备",
            "Today: confirm every H lead by phone; prepare the test-drive cars",
        ),
        ("仪容仪表检查合格；周末车展人员安排已定", "Dress check OK; weekend motor-show roster set"),
        (
            "昨日来店{visits}批，留档{leads}个；今天继续邀约试驾",
            "Yesterday {visits} visits, {leads} new leads; keep inviting test drives",
        ),
    ),
    "evening": (
        ("今日战败案例复盘：价格原因，需提前介绍金融方案", "Lost case review: price; present finance earlier"),
        ("明日活动预订已填写，经理已审核", "Tomorrow's plans filled in and reviewed"),
        ("今日交车顺利；逾期跟进需在明天中午前完成", "Deliveries went well; overdue follow-ups by noon tomorrow"),
    ),
    "consultant": (
        ("{customer}报价已发，明天来店试驾", "{customer}: quote sent, test drive tomorrow"),
        (
            "{customer}对比{competitor}，需经理支持价格",
            "{customer} comparing with the {competitor}; needs manager on price",
        ),
        ("{customer}等车中，已告知到车时间", "{customer} waiting for the car; told the arrival date"),
    ),
    "weekly": (
        (
            "周会：本周成交{orders}台，战败{lost}个，重点分析竞品价格",
            "Weekly: {orders} orders, {lost} lost; competitor pricing reviewed",
        ),
    ),
}
DELIVERY_NOTES: tuple[tuple[str, str], ...] = (
    ("客户要求红绸和鲜花", "Customer asked for the red ribbon and flowers"),
    ("全款，上牌已办好", "Paid in full; registration done"),
    ("贷款审批通过，待放款", "Loan approved, awaiting payout"),
    ("加装行车记录仪和脚垫", "Dash cam and floor mats fitted"),
)
