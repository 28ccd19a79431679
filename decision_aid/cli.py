"""The `decision-aid` command: `check` validates the content and its translations, `sheet` builds a sheet
offline, `answers` converts an answers file to FHIR and back.

`sheet` makes the sheet in the answers file's language (its "language", as the web page would); the
command's own messages are in English.

Exit status: 0 success; 1 `check` found errors (a missing or empty content folder is one); 2 bad input
(a missing or invalid answers file, or broken content). Errors go to standard error as messages,
never tracebacks.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .answers import AnswersInvalid, parse_answers
from .config import content_dir_from_env
from .engine import load_content


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="decision-aid", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate every YAML file under rules/ and every language's translations "
                                          "(missing or stale texts, placeholders, the glossary); exit 1 if any error")
    check.add_argument("--rules-dir", type=Path, help="check the rule files in this folder instead of rules/rules")
    check.add_argument("--content-dir", type=Path, default=content_dir_from_env(),
                       help="the content folder (metadata, sources, options, rules); default $DECISION_AID_RULES_DIR or rules/")
    only = check.add_mutually_exclusive_group()
    only.add_argument("--languages", action="store_true", help="check only the translations")
    only.add_argument("--no-languages", action="store_true", help="check only the content, not the translations")
    check.add_argument("--language", action="append", metavar="CODE",
                       help="check only this language's translations (may be given more than once)")
    check.add_argument("--translations-dir", type=Path, default=None,
                       help="the translations folder (<lang>/LC_MESSAGES/*.po, messages.pot); default decision_aid/translations")
    sub.add_parser("facts", help="list every fact a rule may test, with its type, allowed values and operators")
    sheet = sub.add_parser("sheet", help="build the options sheet for an answers file")
    sheet.add_argument("answers", help="path to an answers JSON file")
    sheet.add_argument("--format", choices=["json", "html", "pdf"], default="json")
    sheet.add_argument("--full", action="store_true",
                       help="with --format pdf: the whole sheet (as /sheet-full.pdf), not the appointment PDF")
    sheet.add_argument("-o", "--output", help="write to this file instead of standard output")
    conv = sub.add_parser("answers", help="convert answers: to a FHIR R4 QuestionnaireResponse, or back to an answers file")
    conv.add_argument("answers", help="an answers JSON file, a FHIR QuestionnaireResponse JSON file, or the appointment PDF")
    conv.add_argument("--format", choices=["fhir", "json", "questionnaire"], default="json",
                      help="fhir: a QuestionnaireResponse; json: the answers file; questionnaire: the FHIR Questionnaire")
    conv.add_argument("-o", "--output", help="write to this file instead of standard output")
    return parser


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    """The content's errors, then each language's problems (translation_check.py); one line when all is well."""
    errors: list[str] = []
    done: list[str] = []
    if not args.languages:
        content = load_content(args.content_dir, rules_dir=args.rules_dir)
        errors += [str(error) for error in content.errors]
        done.append(f"{len(content.ruleset)} rules, {len(content.options)} options, {len(content.sources)} sources")
    summaries: list[str] = []
    if not args.no_languages:
        from .i18n import TRANSLATIONS_DIR
        from .translation_check import check_languages

        reports = check_languages(args.translations_dir or TRANSLATIONS_DIR, args.content_dir, args.rules_dir,
                                  only=args.language)
        for report in reports:
            errors += [str(problem) for problem in report.problems]
            (summaries if report.problems else done).append(report.summary())
    if errors:
        for line in [*errors, *summaries]:
            _err(line)
        _err(f"{len(errors)} error(s) found.")
        return 1
    print(f"OK: {'; '.join(done) or 'nothing to check'}; no errors.")
    return 0


def cmd_facts() -> int:
    """The fact catalogue, for clinicians writing rules."""
    from .engine import CATALOGUE
    from .engine.conditions import ALLOWED

    for name in CATALOGUE.names():
        fact = CATALOGUE[name]
        kind = "derived" if fact.derived else "answer"
        print(f"{name}  ({kind}) {fact.describe_type()}{'; may be empty' if fact.optional else ''}")
        if fact.derived and fact.description:
            print(f"    {fact.description}")
        print(f"    operators: {', '.join(ALLOWED[fact.type])}")
    return 0


def _render(sheet: dict[str, Any], fmt: str, *, full: bool = False, answers: dict[str, Any] | None = None) -> str | bytes:
    """The sheet as JSON, the standalone HTML, or a PDF (the whole sheet with `full`).

    The renderers are imported here, so `check` and `facts` never load the templates or WeasyPrint."""
    if fmt == "json":
        return json.dumps(sheet, indent=2, ensure_ascii=False) + "\n"
    if fmt == "html":
        from .render import sheet_html

        return sheet_html(sheet)
    from .pdf import sheet_pdf

    return sheet_pdf(sheet, full=full, answers=None if full else answers)


def cmd_sheet(args: argparse.Namespace) -> int:
    path = Path(args.answers)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        _err(f"cannot read the answers file {str(path)!r}: {exc.strerror or exc}")
        return 2
    try:
        answers = parse_answers(raw)
    except AnswersInvalid as exc:
        _err(f"the answers file {str(path)!r} is not valid:")
        for error in exc.errors:
            _err(f"  {error}")
        return 2
    content = load_content(content_dir_from_env())
    if content.errors:
        _err("the content has errors (run `decision-aid check`):")
        for problem in content.errors:
            _err(f"  {problem}")
        return 2
    from .sheet import build_sheet

    def make(content_in_language: Any) -> str | bytes:
        return _render(build_sheet(content_in_language, answers), args.format, full=args.full, answers=answers)

    rendered = _in_language(str(answers.get("language") or ""), content, make)
    if args.output:
        try:
            if isinstance(rendered, bytes):
                Path(args.output).write_bytes(rendered)
            else:
                Path(args.output).write_text(rendered, encoding="utf-8")
        except OSError as exc:
            _err(f"cannot write {args.output!r}: {exc.strerror or exc}")
            return 2
    elif isinstance(rendered, bytes):
        sys.stdout.buffer.write(rendered)
        sys.stdout.flush()
    else:
        sys.stdout.write(rendered)
    return 0


def _in_language(language: str, content: Any, make: Callable[[Any], str | bytes]) -> str | bytes:
    """`make(content)` in `language`: English as it always was, without Flask; another language in an app
    context with that locale forced (Flask-Babel's catalogues, and the content in that language)."""
    from flask import Flask
    from flask_babel import force_locale

    from . import i18n

    if language not in i18n.LANGUAGES or language == i18n.DEFAULT_LANGUAGE:
        return make(content)
    app = Flask("decision_aid")
    app.extensions["content"] = content
    i18n.init_app(app)
    with app.app_context(), force_locale(language):
        return make(i18n.content_for(language))


def cmd_answers(args: argparse.Namespace) -> int:
    """Read an answers file, FHIR QuestionnaireResponse or appointment PDF; write it in `--format`."""
    from . import fhir
    from .answers import dumps_file
    from .imports import answers_from_upload

    path = Path(args.answers)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        _err(f"cannot read {str(path)!r}: {exc.strerror or exc}")
        return 2
    try:
        answers = parse_answers(answers_from_upload(raw))
    except AnswersInvalid as exc:
        _err(f"{str(path)!r} is not a valid answers file:")
        for error in exc.errors:
            _err(f"  {error}")
        return 2
    if args.format == "fhir":
        out = fhir.dumps(fhir.to_response(answers))
    elif args.format == "questionnaire":
        out = fhir.dumps(fhir.questionnaire())
    else:
        out = dumps_file(answers)
    if args.output:
        try:
            Path(args.output).write_text(out, encoding="utf-8")
        except OSError as exc:
            _err(f"cannot write {args.output!r}: {exc.strerror or exc}")
            return 2
    else:
        sys.stdout.write(out)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "check":
        return cmd_check(args)
    if args.command == "facts":
        return cmd_facts()
    if args.command == "answers":
        return cmd_answers(args)
    return cmd_sheet(args)


if __name__ == "__main__":
    sys.exit(main())
