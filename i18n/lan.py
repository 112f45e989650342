"""Strings of the showroom network: sign-in, phones panel, the Host refusal."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "lan.signin.title": ("登录", "Sign in"),
    "lan.signin.intro": (
        "请选择你的名字并输入 PIN 码（经理在电脑上设置）。",
        "Pick your name and type your PIN (set by your manager on the laptop).",
    ),
    "lan.signin.name": ("姓名", "Name"),
    "lan.signin.pin": ("PIN 码", "PIN"),
    "lan.signin.button": ("登录", "Sign in"),
    "lan.signin.wrong": ("姓名或 PIN 码不对。", "That name and PIN do not match."),
    "lan.signin.locked": (
        "错误次数太多，请 5 分钟后再试，或请经理重设 PIN。",
        "Too many wrong tries: wait 5 minutes, or ask your manager to reset the PIN.",
    ),
    "lan.signin.none": (
        "还没有人设置 PIN 码：请经理在电脑上打开“手机访问”页设置。",
        "Nobody has a PIN yet: the manager sets them on the laptop, page “Phones”.",
    ),
    "lan.signout": ("退出登录", "Sign out"),
    "lan.signed_as": ("已登录：{name}", "Signed in: {name}"),
    "lan.not_lan": ("这台电脑的应用没有开启手机访问。", "This computer's app is not open to phones."),
    "lan.not_staff": (
        "{name} 不在人员表的在职名单中，无法使用。",
        "{name} is not active on the staff sheet, so the app is not available.",
    ),
    "lan.not_available": ("这一页对你的岗位不开放。", "This page is not available to your role."),
    "lan.sidebar_on": ("手机访问：已开启", "Phones: on"),
    "lan.sidebar_off": ("手机访问：未开启", "Phones: off"),
    "lan.write_refused": (
        "这项修改超出你的岗位权限，未保存。",
        "That change is outside what your role may write; nothing was saved.",
    ),
    "lan.page.title": ("手机访问", "Phones"),
    "lan.on": (
        "手机访问已开启：店内 Wi-Fi 上的手机可打开下列地址并用 PIN 登录。",
        "Phones on the store Wi-Fi can open this address and sign in with a PIN.",
    ),
    "lan.off": (
        "手机还不能访问：这个应用只在本机监听。要让顾问用手机打开，请关闭后用 make run LAN=1（或 python start.py --lan）启动。",
        "Phones cannot reach the app yet: it listens on this computer only. To let consultants use their phones, "
        "stop it and start it with make run LAN=1 (or python start.py --lan).",
    ),
    "lan.http_note": (
        "店内 Wi-Fi 上以 HTTP 明文传输；需要 HTTPS 的门店见 README。",
        "The store Wi-Fi carries this in plain HTTP; stores that want HTTPS: see the README.",
    ),
    "lan.no_address": (
        "没有找到本机在店内网络的地址（是否连接了 Wi-Fi？）。",
        "No address of this computer on a network was found (is the Wi-Fi on?).",
    ),
    "lan.qr_caption": ("用手机相机扫码打开", "Scan with the phone's camera"),
    "lan.pins.title": ("PIN 码", "PINs"),
    "lan.pins.staff": ("人员", "Staff member"),
    "lan.pins.new": ("新 PIN 码（4–8 位数字）", "New PIN (4–8 digits)"),
    "lan.pins.set": ("设置 / 重设", "Set / reset"),
    "lan.pins.remove": ("取消此人的 PIN", "Remove this person's PIN"),
    "lan.pins.bad": ("PIN 码须为 4–8 位数字。", "A PIN is 4 to 8 digits."),
    "lan.pins.done": (
        "已为 {name} 设置 PIN 码；其手机需重新登录。",
        "{name}'s PIN is set; their phone signs in again.",
    ),
    "lan.pins.removed": ("已取消 {name} 的 PIN 码。", "{name}'s PIN is removed."),
    "lan.pins.has": ("已设置（{when}）", "set ({when})"),
    "lan.pins.none": ("未设置", "not set"),
    "lan.pins.col_name": ("姓名", "Name"),
    "lan.pins.col_role": ("岗位", "Role"),
    "lan.pins.col_pin": ("PIN 码", "PIN"),
    "lan.locks.title": ("被锁定的登录", "Locked sign-ins"),
    "lan.locks.none": ("目前没有。", "None now."),
    "lan.locks.row": ("{name} · 来自 {address} · 到 {until}", "{name} · from {address} · until {until}"),
    "lan.cli.pin_prompt": (
        "{name} 的新 PIN 码（4–8 位数字，不显示）：",
        "New PIN for {name} (4-8 digits, not shown): ",
    ),
    "lan.cli.pin_again": ("再输入一次：", "Once more: "),
    "lan.cli.pin_mismatch": ("两次输入不一致，未更改。", "The two entries differ; nothing changed."),
    "lan.cli.not_staff": ("{name} 不在 {path} 的人员表在职名单中。", "{name} is not an active staff member in {path}."),
    "lan.cli.pin_set": ("已为 {name} 设置 PIN 码（保存在 {where}）。", "PIN set for {name} (kept in {where})."),
}
