"""Turn one question's stored answers into its published result."""
from collections import Counter
from collections.abc import Mapping

from deliberation.ballot.counting import count_yes_no, irv, schulze


def tally(question, answers: list | Mapping, quorum: int | None, turnout: int) -> dict:
    """Results for one question, in the API's field names; ranked ones counted both ways.

    ``answers`` is one stored answer per ballot, or a mapping of answer to how many ballots
    gave it (a ranked answer as a tuple of tuples)."""
    base = {"text": question.text, "kind": question.kind}
    if question.kind == "yes_no_abstain":
        result = count_yes_no(Counter(answers), question.threshold, quorum, turnout)  # counts a mapping too
        return base | {"counts": dict(result.counts), "passed": result.passed,
                       "threshold": question.threshold, "quorum_met": result.quorum_met}
    rankings = answers if isinstance(answers, Mapping) else Counter(
        tuple(tuple(group) for group in answer) for answer in answers)
    options = list(question.options)
    by_schulze = schulze(options, rankings).to_dict()
    by_irv = irv(options, rankings).to_dict()
    primary = by_irv if question.method == "irv" else by_schulze
    return base | {"method": question.method, "options": options,
                   "ranking": primary["ranking"], "winner": primary["winner"],
                   "pairwise": by_schulze["pairwise"], "strongest": by_schulze["strongest"],
                   "rounds": by_irv["rounds"], "schulze": by_schulze, "irv": by_irv}
