"""Turn one question's stored answers into its published result."""
from collections import Counter

from deliberation.ballot.counting import count_yes_no, irv, schulze


def tally(question, answers: list, quorum: int | None, turnout: int) -> dict:
    """Results for one question, in the API's field names; ranked ones counted both ways."""
    base = {"text": question.text, "kind": question.kind}
    if question.kind == "yes_no_abstain":
        result = count_yes_no(Counter(answers), question.threshold, quorum, turnout)
        return base | {"counts": dict(result.counts), "passed": result.passed,
                       "threshold": question.threshold, "quorum_met": result.quorum_met}
    rankings = Counter(tuple(tuple(group) for group in answer) for answer in answers)
    options = list(question.options)
    by_schulze = schulze(options, rankings).to_dict()
    by_irv = irv(options, rankings).to_dict()
    primary = by_irv if question.method == "irv" else by_schulze
    return base | {"method": question.method, "options": options,
                   "ranking": primary["ranking"], "winner": primary["winner"],
                   "pairwise": by_schulze["pairwise"], "strongest": by_schulze["strongest"],
                   "rounds": by_irv["rounds"], "schulze": by_schulze, "irv": by_irv}
