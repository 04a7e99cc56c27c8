"""Voting through the plain form: choose, review ("Cast my vote"), then the receipt with the tracker."""
from flask import render_template, request
from flask_login import current_user, login_required

from deliberation.api.rate_limits import member_key, spend
from deliberation.auth.forms import EmptyForm, require_csrf
from deliberation.ballot import forms
from deliberation.ballot.blueprint import bp
from deliberation.ballot.page import ballot_page
from deliberation.ballot.services import get_ballot
from deliberation.ballot.voting import cast_vote
from deliberation.errors import ServiceError


def _answers(ballot):
    require_csrf()
    return forms.answers_from(request.form, ballot.questions)


@bp.route("/ballots/<int:ballot_id>/vote", methods=["POST"])
@login_required
def review(ballot_id: int):
    """Step one: show the voter their choices before anything is recorded."""
    ballot = get_ballot(ballot_id)
    answers, errors = _answers(ballot)
    if errors or request.form.get("action") == "change":
        return ballot_page(ballot, errors=errors, values=request.form, status=400 if errors else 200)
    return render_template("ballot/confirm.html", ballot=ballot, answers=answers,
                           hidden=forms.hidden_fields(request.form, ballot.questions), form=EmptyForm())


@bp.route("/ballots/<int:ballot_id>/cast", methods=["POST"])
@login_required
def cast(ballot_id: int):
    """Step two: record the secret ballot; the tracker is shown once and never stored with the voter."""
    ballot = get_ballot(ballot_id)
    answers, errors = _answers(ballot)
    if errors:
        return ballot_page(ballot, errors=errors, values=request.form, status=400)
    try:
        spend("voting", member_key(current_user))
        tracker = cast_vote(current_user, ballot, answers)
    except ServiceError as err:
        return ballot_page(ballot, errors={"form": err.message}, status=err.status)
    response = render_template("ballot/receipt.html", ballot=ballot, tracker=tracker)
    return response, 201, {"Cache-Control": "no-store"}
