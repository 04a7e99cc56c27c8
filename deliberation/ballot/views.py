"""Read-side helpers for ballot pages: figures for the server-rendered charts and the exports."""
import csv
import io

from deliberation.auth.permissions import may_run_ballot as may_run  # noqa: F401  (one rule for API and pages)
from deliberation.ballot.counting import YES_NO


def percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def yes_no_bars(result: dict) -> list[dict]:
    """One bar per answer, as a share of all answers (abstentions included)."""
    counts = result.get("counts", {})
    total = sum(counts.get(a, 0) for a in YES_NO)
    return [{"answer": a, "count": counts.get(a, 0),
             "percent": percent(counts.get(a, 0), total)} for a in YES_NO]


def yes_share(result: dict) -> float:
    """Yes as a share of yes + no: what the threshold is measured against."""
    counts = result.get("counts", {})
    return percent(counts.get("yes", 0), counts.get("yes", 0) + counts.get("no", 0))


def heat_class(value: int, peak: int) -> str:
    """Six shades from white to mid-blue; dark text stays readable on all of them (AA)."""
    if peak <= 0:
        return "heat-0"
    return f"heat-{min(5, round(5 * value / peak))}"


def pairwise_rows(result: dict) -> list[dict]:
    """Rows of the pairwise table: how many voters preferred the row option over each column option."""
    options = result.get("options", [])
    pairwise = result.get("pairwise", {})
    peak = max((pairwise.get(a, {}).get(b, 0) for a in options for b in options if a != b), default=0)
    rows = []
    for a in options:
        cells = []
        for b in options:
            if a == b:
                cells.append({"value": None, "cls": "heat-diag"})
            else:
                value = pairwise.get(a, {}).get(b, 0)
                cells.append({"value": value, "cls": heat_class(value, peak),
                              "beats": value > pairwise.get(b, {}).get(a, 0)})
        rows.append({"option": a, "cells": cells})
    return rows


def _cell(value):
    """Spreadsheets run cells that start with = + - @ as formulas; quote those."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def ranked_options(ranking: list) -> list[tuple[int, str]]:
    """(rank, option) for each option, best first; tied options share a rank. The API writes a lone
    option as a string and a tie as a list (ranking_to_json), so a string is one option, not letters."""
    pairs = []
    for rank, group in enumerate(ranking, start=1):
        for option in ([group] if isinstance(group, str) else group):
            pairs.append((rank, option))
    return pairs


def results_csv(ballot, results: dict) -> str:
    """One row per question and answer (or option rank), for spreadsheets."""
    out = io.StringIO()
    plain = csv.writer(out)

    class writer:  # every row goes through _cell
        writerow = staticmethod(lambda row: plain.writerow([_cell(v) for v in row]))
    writer.writerow(["ballot", "question", "kind", "answer_or_option", "count_or_rank", "passed_or_winner"])
    for n, q in enumerate(results.get("questions", []), start=1):
        if q["kind"] == "yes_no_abstain":
            for a in YES_NO:
                writer.writerow([ballot.title, n, q["kind"], a, q["counts"].get(a, 0), q.get("passed")])
        else:
            for rank, option in ranked_options(q.get("ranking", [])):
                writer.writerow([ballot.title, n, q["kind"], option, rank, option == q.get("winner")])
    writer.writerow([ballot.title, "", "turnout", "", results.get("turnout"), ""])
    writer.writerow([ballot.title, "", "electorate", "", results.get("electorate"), ""])
    return out.getvalue()
