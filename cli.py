"""The command line: `python cli.py COMMAND ...` (new, sample, check, due, log, sync, ...).

Exit status: 0 done; 1 unexpected internal error; 2 bad usage or refused input;
3 conflict; 75 queued because another program holds the workbook open.
Each command lives in `commands/<name>.py` with `HELP`, `add_arguments(parser)` and `run(args)`,
and is listed once in `COMMANDS`.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from types import ModuleType

from commands import check, due, evening, hot, log, morning, new, pin, plan, restore, sample, sync
from i18n import describe, t
from workbook.errors import WorkbookError

COMMANDS: dict[str, ModuleType] = {
    "new": new,
    "sample": sample,
    "check": check,
    "due": due,
    "log": log,
    "sync": sync,
    "restore": restore,
    "pin": pin,
    "morning": morning,
    "evening": evening,
    "plan": plan,
    "hot": hot,
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2, without a traceback
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cli.py", description="Dealership workbook tools")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, module in COMMANDS.items():
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of messages")
        p.add_argument("--debug", action="store_true", help="show tracebacks")
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except WorkbookError as exc:
        print(describe(exc, args.lang), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the one place that turns bugs into exit 1
        if args.debug:
            traceback.print_exc()
        else:
            print(t("cli.internal_error", args.lang, error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
