"""Ballot pages: create, open and close; the ballot page (page.py) with its vote form (vote_routes.py)."""
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from deliberation.auth.forms import require_csrf
from deliberation.auth.permissions import is_chair, is_returning_officer
from deliberation.ballot import forms
from deliberation.ballot.blueprint import bp
from deliberation.ballot.page import ballot_page
from deliberation.ballot.services import close_ballot, create_ballot, get_ballot, open_ballot
from deliberation.ballot.views import may_run
from deliberation.errors import ServiceError
from deliberation.lookup import get_assembly
from deliberation.web import ui
from deliberation.web.transaction import discard


@bp.route("/assemblies/<int:assembly_id>/ballots/new", methods=["GET", "POST"])
@login_required
def new(assembly_id: int):
    """Chairs and returning officers set the questions; the ballot starts as a draft."""
    assembly = get_assembly(assembly_id)
    if not (is_returning_officer(current_user) or is_chair(current_user, assembly.id)):
        abort(403)
    slots = forms.slot_count(request.values.get("slots"))
    context = {"assembly": assembly, "slots": slots, "values": request.form, "max_slots": forms.MAX_SLOTS}
    if request.method == "POST":
        require_csrf()
        try:
            ballot = create_ballot(current_user, assembly.id, request.form.get("title", ""),
                                   forms.questions_from(request.form, slots),
                                   forms.parse_quorum(request.form.get("quorum", "")))
        except ServiceError as err:
            return ui.render_form("ballot/new.html", err, **context)
        flash(_("Ballot created. Open it when voting should start."))
        return redirect(url_for("ballot.show", ballot_id=ballot.id))
    return ui.render_form("ballot/new.html", **context)


@bp.route("/ballots/<int:ballot_id>")
@login_required
def show(ballot_id: int):
    return ballot_page(get_ballot(ballot_id))


def _run(ballot_id: int, action, done: str):
    require_csrf()
    ballot = get_ballot(ballot_id)
    if not may_run(current_user, ballot):
        abort(403)
    try:
        action(current_user, ballot)
    except ServiceError as err:
        discard()  # the redirect is a 303, which the request hook would commit
        flash(err.message, "error")
        return redirect(url_for("ballot.show", ballot_id=ballot.id))
    flash(done)
    return redirect(url_for("ballot.results", ballot_id=ballot.id) if ballot.status == "closed"
                    else url_for("ballot.show", ballot_id=ballot.id))


@bp.route("/ballots/<int:ballot_id>/open", methods=["POST"])
@login_required
def open_(ballot_id: int):
    return _run(ballot_id, open_ballot,
                _("The ballot is open: the electorate is frozen and voting has started."))


@bp.route("/ballots/<int:ballot_id>/close", methods=["POST"])
@login_required
def close(ballot_id: int):
    return _run(ballot_id, close_ballot, _("The ballot is closed and counted."))
