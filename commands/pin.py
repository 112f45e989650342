"""`cli.py pin PATH --consultant NAME [--pin DIGITS] [--remove]`: set, reset or remove a staff member's PIN.

The PIN is asked for twice without echo unless `--pin` gives it (for scripts); it is kept only as a salted
scrypt hash in the user's config folder, never in the workbook. Exit 0 when done, 2 when refused.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime
from pathlib import Path

from access.pins import PinStore, valid_pin
from i18n import t
from logic.roles import active_staff
from ui.config import config_dir
from workbook.reading import read_workbook

HELP = "set a phone sign-in PIN / 设置手机登录 PIN"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="the workbook (its staff sheet names who may have a PIN)")
    parser.add_argument("--consultant", required=True, metavar="NAME", help="the staff member")
    parser.add_argument("--pin", help="the PIN (4-8 digits); asked for without echo when left out")
    parser.add_argument("--remove", action="store_true", help="take the PIN away (a leaver)")


def run(args: argparse.Namespace) -> int:
    store = PinStore(config_dir())
    name = args.consultant.strip()
    if args.remove:
        store.remove(name)
        print(t("lan.pins.removed", args.lang, name=name))
        return 0
    staff = active_staff(read_workbook(args.path).frames.get("staff"))
    if name not in staff:
        print(t("lan.cli.not_staff", args.lang, name=name, path=args.path), file=sys.stderr)
        return 2
    pin = args.pin
    if pin is None:
        pin = getpass.getpass(t("lan.cli.pin_prompt", args.lang, name=name))
        if getpass.getpass(t("lan.cli.pin_again", args.lang)) != pin:
            print(t("lan.cli.pin_mismatch", args.lang), file=sys.stderr)
            return 2
    if not valid_pin(pin):
        print(t("lan.pins.bad", args.lang), file=sys.stderr)
        return 2
    store.set_pin(name, pin, datetime.now())
    print(t("lan.cli.pin_set", args.lang, name=name, where=store.path))
    return 0
