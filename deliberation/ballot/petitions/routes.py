"""Web pages for member petitions: see a petition's support and sign it."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from deliberation.auth.forms import EmptyForm, require_csrf
from deliberation.ballot.petitions.blueprint import bp
from deliberation.ballot.petitions.services import (
    counts,
    get_petition,
    has_supported,
    support_petition,
)
from deliberation.errors import ServiceError
from deliberation.proposals.services import get_proposal


@bp.get("/petitions/<int:petition_id>")
@login_required
def show(petition_id: int):
    """A petition's progress towards its thresholds, with a button to sign it."""
    try:
        petition = get_petition(petition_id)
        proposal = get_proposal(petition.proposal_id)
    except ServiceError:
        abort(404)
    return render_template("petitions/show.html", petition=petition, proposal=proposal,
                           counts=counts(petition), supported=has_supported(current_user, petition),
                           form=EmptyForm())


@bp.post("/proposals/<int:proposal_id>/petition")
@login_required
def sign(proposal_id: int):
    """Start the proposal's petition or add the member's support, then show it."""
    require_csrf()
    try:
        petition, started = support_petition(current_user, get_proposal(proposal_id))
    except ServiceError as err:
        if err.status == 404:
            abort(404)
        flash(err.message, "error")
        return redirect(url_for("web.home"))
    flash(_("You started this petition.") if started else _("Your support is counted."))
    return redirect(url_for("petitions.show", petition_id=petition.id))
