"""Results after the close: the page with charts, CSV and JSON exports, the tracker bulletin board."""
from flask import Response, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from deliberation.ballot import views
from deliberation.ballot.blueprint import bp
from deliberation.ballot.sealing import published_seal
from deliberation.ballot.services import get_ballot, trackers
from deliberation.errors import Conflict


def _closed(ballot_id: int):
    """Results stay hidden until the ballot closes, so nobody is swayed by a running count."""
    ballot = get_ballot(ballot_id)
    if ballot.status not in ("closed", "certified"):
        raise Conflict(_("Results and trackers are published when the ballot closes."), code="not_closed")
    return ballot


@bp.route("/ballots/<int:ballot_id>/results")
@login_required
def results(ballot_id: int):
    ballot = _closed(ballot_id)
    return render_template("ballot/results.html", ballot=ballot, r=ballot.results, views=views,
                           seal=published_seal(ballot))


@bp.route("/ballots/<int:ballot_id>/results.json")
@login_required
def results_json(ballot_id: int):
    ballot = _closed(ballot_id)
    return jsonify(ballot.results | {"ballot_id": ballot.id, "title": ballot.title, "status": ballot.status}
                   | published_seal(ballot))


@bp.route("/ballots/<int:ballot_id>/results.csv")
@login_required
def results_csv(ballot_id: int):
    ballot = _closed(ballot_id)
    return Response(views.results_csv(ballot, ballot.results), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=ballot-{ballot.id}-results.csv"})


@bp.route("/ballots/<int:ballot_id>/trackers")
@login_required
def tracker_board(ballot_id: int):
    """Every tracker, so each voter can see their ballot is in the count."""
    ballot = _closed(ballot_id)
    query = (request.args.get("q") or "").strip().lower()[:64]
    everyone = trackers(ballot)
    found = query in everyone if query else None
    return render_template("ballot/trackers.html", ballot=ballot, trackers=everyone, query=query, found=found,
                           checks=ballot.results["checks"])
