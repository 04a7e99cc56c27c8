"""Plain-form fields for ballots, turned into the service's values.

The create form has a fixed number of question slots (no JavaScript needed); the vote form
has a radio group per yes/no question and a rank <select> per option of a ranked question.
"""
from flask_babel import gettext as _

from deliberation.ballot.counting import AnswerError, parse_ranking, parse_yes_no
from deliberation.errors import Invalid

MAX_SLOTS = 20


def slot_count(raw: str | None, default: int = 3) -> int:
    try:
        return max(1, min(MAX_SLOTS, int(raw or default)))
    except ValueError:
        return default


def parse_quorum(raw: str) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise Invalid(_("The quorum must be a whole number of ballots."), field="quorum") from None
    if value < 0 or value > 10**9:
        raise Invalid(_("The quorum must be a whole number of ballots, 0 or more."), field="quorum")
    return value


def questions_from(form, slots: int) -> list[dict]:
    """One question per filled slot; an empty slot is skipped."""
    out = []
    for i in range(slots):
        text = (form.get(f"q{i}_text") or "").strip()
        if not text:
            continue
        kind = form.get(f"q{i}_kind") or "yes_no_abstain"
        question = {"text": text, "kind": kind, "threshold": form.get(f"q{i}_threshold") or "simple",
                    "method": form.get(f"q{i}_method") or "schulze"}
        if kind == "ranked":
            question["options"] = [line.strip() for line in (form.get(f"q{i}_options") or "").splitlines()
                                   if line.strip()]
        out.append(question)
    return out


def ranking_from(form, index: int, options: list[str]) -> list:
    """Rank selects -> API form: best first; options sharing a rank are tied; unranked left out."""
    by_rank: dict[int, list[str]] = {}
    for j, option in enumerate(options):
        raw = form.get(f"a{index}_{j}") or ""
        if not raw:
            continue
        try:
            rank = int(raw)
        except ValueError:
            raise Invalid(_("Choose a rank for each option, or leave it not ranked."),
                          field=f"q{index}") from None
        by_rank.setdefault(rank, []).append(option)
    return [group[0] if len(group) == 1 else group for _rank, group in sorted(by_rank.items())]


def answers_from(form, questions) -> tuple[list, dict[str, str]]:
    """Every answer in the API's form, plus {"q<i>": message} for questions left wrong or empty."""
    answers, errors = [], {}
    for i, q in enumerate(questions):
        try:
            if q.kind == "yes_no_abstain":
                raw = form.get(f"a{i}")
                if not raw:
                    raise Invalid(_("Choose yes, no or abstain."), field=f"q{i}")
                answers.append(parse_yes_no(raw))
            else:
                ranking = ranking_from(form, i, q.options)
                parse_ranking(ranking, q.options)
                answers.append(ranking)
        except Invalid as err:
            errors[f"q{i}"] = err.message
            answers.append(None)
        except AnswerError as err:
            errors[f"q{i}"] = str(err)
            answers.append(None)
    return answers, errors


def hidden_fields(form, questions) -> list[tuple[str, str]]:
    """The vote's raw fields, carried through the confirmation step unchanged."""
    fields = []
    for i, q in enumerate(questions):
        if q.kind == "yes_no_abstain":
            fields.append((f"a{i}", form.get(f"a{i}", "")))
        else:
            fields.extend((f"a{i}_{j}", form.get(f"a{i}_{j}", "")) for j in range(len(q.options)))
    return fields
