"""Write docs/clinical-rules.md: every rule, what it does, its guideline sources and the personas that prove it.

A clinician reviews the rules from that page; tests/test_rules_doc.py fails when it no longer matches the
rules or the persona table, and `python tests/make_rules_doc.py --write` makes it again.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from personas import PERSONAS  # noqa: E402

from decision_aid.engine import Rule, load_content_cached  # noqa: E402

DOC = Path(__file__).resolve().parent.parent / "docs" / "clinical-rules.md"
SHOWN = 4  # persona names listed per cell; the rest are counted

HEAD = """# The clinical rules, for review

Made from `rules/rules/*.yaml` and the persona table `tests/personas.py` by `python tests/make_rules_doc.py
--write`; a test fails when this page is out of date. Each rule lists the guideline or label it follows
(numbers are the sources' order in `rules/sources.yaml`), where its notes apply, and the people (personas)
for whom the tests check that it fires, and for whom they check that it must not. Expected results were
written from the guidelines, not read from the code.

How to read the columns:
- **Does**: the rule's summary. A note with level *warning*, or marked `withholds_highlight`, takes away
  any "worth discussing now" highlight from that option for that person: a highlight never sits beside a
  contraindication or a "guidelines advise against". An option is never hidden.
- **Region**: "US" notes are written for US readers (FDA labels), "UK/EU" for UK and EU readers (NICE,
  MHRA, EMA); readers in other countries see both, each labelled in its own words. "all" otherwise.
- **Proved by**: personas where it must fire / must not fire.

| Rule | Does | Region | Sources | Proved by: fires for | Proved by: must not fire for |
|---|---|---|---|---|---|
"""


def _names(names: list[str]) -> str:
    names = sorted(dict.fromkeys(names))
    if not names:
        return "—"
    shown = "; ".join(names[:SHOWN])
    return shown + (f"; and {len(names) - SHOWN} more" if len(names) > SHOWN else "")


def _regions(rule: Rule) -> str:
    found = {r for e in rule.effects for r in e.regions}
    if not found:
        return "all"
    regional = all(e.regions for e in rule.effects if e.kind == "note")
    words = ", ".join({"US": "US", "UK_EU": "UK/EU"}[r] for r in sorted(found, reverse=True))
    return words if regional else f"all; {words} notes"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render() -> str:
    content = load_content_cached()
    numbers = {sid: i for i, sid in enumerate(content.sources, start=1)}  # sources.yaml order
    rows = [HEAD]
    for rule in content.ruleset.rules:
        fires = [p.name for p in PERSONAS if rule.id in p.fire or any(r == rule.id for _o, _l, r in p.notes)]
        quiet = [p.name for p in PERSONAS if rule.id in p.not_fire or any(r == rule.id for _o, _l, r in p.no_notes)]
        cited = dict.fromkeys([*rule.sources, *(sid for e in rule.effects for sid in e.sources)])
        sources = ", ".join(f"{sid} [{numbers.get(sid, '?')}]" for sid in cited)
        rows.append(f"| `{rule.id}` ({rule.file.rsplit('/', 1)[-1]}) | {_cell(rule.summary)} | {_regions(rule)} | "
                    f"{sources} | {_cell(_names(fires))} | {_cell(_names(quiet))} |\n")
    rows.append("\nSources:\n\n")
    for sid, source in content.sources.items():
        rows.append(f"{numbers[sid]}. `{sid}`: {_cell(str(source.get('citation', '')))}\n")
    return "".join(rows)


if __name__ == "__main__":
    if "--write" in sys.argv:
        DOC.write_text(render(), encoding="utf-8")
        print(f"wrote {DOC}")
    else:
        sys.stdout.write(render())
