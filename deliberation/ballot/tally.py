"""Turn one question's stored answers into its published result."""
from collections import Counter
from collections.abc import Mapping

from deliberation.ballot.counting import compact_decoder, count_yes_no, schulze_and_irv


def tally(question, answers: list | Mapping, quorum: int | None, turnout: int) -> dict:
    """Results for one question, in the API's field names; ranked ones counted both ways.

    ``answers`` is one stored answer per ballot, or a mapping of stored answer to how many
    ballots gave it: "yes", "no" or "abstain", or a ranking's code (see counting/compact.py)."""
    base = {"text": question.text, "kind": question.kind}
    if question.kind == "yes_no_abstain":
        result = count_yes_no(Counter(answers), question.threshold, quorum, turnout)  # counts a mapping too
        return base | {"counts": dict(result.counts), "passed": result.passed,
                       "threshold": question.threshold, "quorum_met": result.quorum_met}
    options = list(question.options)
    decode = compact_decoder(options)
    codes = answers if isinstance(answers, Mapping) else Counter(answers)
    rankings = {decode(code): n for code, n in codes.items()}  # one code per ranking, so no merging
    counted = schulze_and_irv(options, rankings)
    by_schulze, by_irv = (result.to_dict() for result in counted)
    primary = by_irv if question.method == "irv" else by_schulze
    return base | {"method": question.method, "options": options,
                   "ranking": primary["ranking"], "winner": primary["winner"],
                   "pairwise": by_schulze["pairwise"], "strongest": by_schulze["strongest"],
                   "rounds": by_irv["rounds"], "schulze": by_schulze, "irv": by_irv}
