"""The `decision-aid` command: `check` validates the content, `sheet` builds a sheet offline."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="decision-aid", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate every YAML file under rules/; exit 1 if any error")
    sheet = sub.add_parser("sheet", help="build the options sheet for an answers file")
    sheet.add_argument("answers", help="path to an answers JSON file")
    sheet.add_argument("--format", choices=["json", "html", "pdf"], default="json")
    sheet.add_argument("-o", "--output", help="write to this file instead of standard output")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    print(f"decision-aid {args.command}: not built yet", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
