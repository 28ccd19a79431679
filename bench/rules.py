"""How long the rule set takes to evaluate for one answers document, and how that scales.

Prints the median time to evaluate the real rule set (facts computed fresh for each run, as in a
request), then a synthetic set 10× larger made by cloning every rule under new ids, and the ratio.
Targets: ≤ 1 ms for the real set; time grows no faster than the rule count (ratio ≤ 10).

    .venv/bin/python bench/rules.py
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.samples import BUSY_ANSWERS, PEOPLE  # noqa: E402
from decision_aid.engine import RuleSet, evaluate, load_content  # noqa: E402
from decision_aid.sheet import build_sheet  # noqa: E402

REPEATS = 2000


def clone(ruleset: RuleSet, times: int) -> RuleSet:
    rules = [dataclasses.replace(rule, id=f"{rule.id}-copy{n}") for n in range(times) for rule in ruleset.rules]
    return RuleSet(tuple(rules))


def median_seconds(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    for _ in range(50):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    content = load_content()
    if content.errors:
        raise SystemExit("\n".join(map(str, content.errors)))
    answers = BUSY_ANSWERS  # many rules fire
    real = content.ruleset
    big = clone(real, 10)
    t_real = median_seconds(lambda: evaluate(real, answers))
    t_big = median_seconds(lambda: evaluate(big, answers), REPEATS // 4)
    fired = len(evaluate(real, answers))
    t_all = statistics.median(
        median_seconds(lambda p=p: evaluate(real, p), 200) for p in PEOPLE.values())
    t_sheet = median_seconds(lambda: build_sheet(content, answers), 500)
    print(f"real rule set:      {len(real):4d} rules ({fired} fire), median {t_real * 1e6:8.1f} µs per answers document")
    print(f"synthetic 10×:      {len(big):4d} rules, median {t_big * 1e6:8.1f} µs")
    print(f"ratio 10× / real:   {t_big / t_real:.1f} (rule count ratio 10.0)")
    print(f"median over {len(PEOPLE)} sample people (real set): {t_all * 1e6:.1f} µs")
    print(f"whole build_sheet (real set, same document): {t_sheet * 1e6:.1f} µs")
    print(f"target ≤ 1 ms for the real set: {'met' if t_real <= 1e-3 else 'NOT met'}; "
          f"linear growth: {'met' if t_big / t_real <= 10.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
