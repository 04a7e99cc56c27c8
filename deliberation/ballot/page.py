"""The ballot page, which both the ballot's own routes and the vote routes render."""
from flask import render_template
from flask_login import current_user

from deliberation.auth.forms import EmptyForm
from deliberation.ballot.services import electorate_size, turnout
from deliberation.ballot.views import may_run
from deliberation.ballot.voting import has_voted


def ballot_page(ballot, errors=None, values=None, status=200):
    """The ballot page: questions, the vote form (electors who have not voted), run buttons."""
    runner = may_run(current_user, ballot)
    figures = {"turnout": turnout(ballot.id), "electorate": electorate_size(ballot.id)} \
        if runner and ballot.status != "draft" else None
    return render_template("ballot/show.html", ballot=ballot, runner=runner, figures=figures,
                           voted=has_voted(current_user, ballot), errors=errors or {},
                           values=values or {}, form=EmptyForm()), status
