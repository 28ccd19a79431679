"""Derived facts: values worked out from several answers (scores, "NSAID trial adequate", "failed TNF
inhibitor", ...), each declared with its type and how to say it back, so rules test one named fact instead of
repeating the logic.
"""

from ..catalogue import Fact
from . import medicines, nsaids, person, progress, scores

# In the order `decision-aid facts` lists them.
FACTS: list[Fact] = [*scores.derived.facts, *nsaids.derived.facts, *medicines.derived.facts, *person.derived.facts,
                   *progress.derived.facts]
