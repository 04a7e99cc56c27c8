"""schemathesis against GET /api/v1/openapi.json, in process on the WSGI app: every operation the
document lists, as an ordinary member and as a chair of the demo assembly, with data that fits the
document (positive) and data that breaks it (negative). No answer is a 5xx; every answer's status,
content type and body are what the document says; and data that breaks the document is refused
with a 4xx. Path ids are the demo organisation's real ones half the time, so cases reach past 404.

SCHEMATHESIS_EXAMPLES sets the cases per operation, mode and role (default 10): about 2,000 in all,
a minute or two on two cores; the count tried is printed.
"""
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from deliberation.models import ApiToken, Member
from extensions import db

pytestmark = pytest.mark.timeout(900)
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "10"))
#: The demo organisation's ids: assemblies, versions, proposals, amendments, ballots... start at 1.
REAL_IDS = st.integers(min_value=1, max_value=6)
POSITIVE = [not_a_server_error, status_code_conformance, content_type_conformance,
            response_schema_conformance]
NEGATIVE = POSITIVE + [negative_data_rejection]


def _token(email: str) -> str:
    member = db.session.scalar(db.select(Member).where(Member.email == email))
    _row, plain = ApiToken.issue(member, "schemathesis")
    db.session.commit()
    return plain


def _run(app, schema, operation, mode, headers: dict, tried: list) -> None:
    checks = NEGATIVE if mode == schemathesis.GenerationMode.NEGATIVE else POSITIVE

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def one(case, data):
        meta = case.meta
        sent = headers
        if meta is not None and meta.is_negative_at(ParameterLocation.HEADER):
            sent = {}  # the case leaves out the token on purpose: it must get a 401
        if (case.path_parameters and not (meta and meta.is_negative_at(ParameterLocation.PATH))
                and data.draw(st.booleans(), label="real ids")):
            case.path_parameters = {name: data.draw(REAL_IDS, label=name) for name in case.path_parameters}
        response = case.call(app=app, headers=sent)
        tried.append((operation.label, response.status_code))
        case.validate_response(response, checks=checks, headers=sent, transport_kwargs={"app": app})
    try:
        one()
    except Unsatisfiable:  # nothing in this operation's document can be broken (no body, no parameter)
        assert mode == schemathesis.GenerationMode.NEGATIVE


@pytest.mark.parametrize("who", ["member", "chair"])
def test_every_operation_answers_as_its_document_says(app, runner, capsys, who):
    assert runner.invoke(args=["demo", "load", "--if-empty"]).exit_code == 0
    app.config["ROLL_IMPORT_BACKGROUND"] = False
    email = "samuel.osei@example.org" if who == "member" else "marcus.campbell@example.org"
    headers = {"Authorization": f"Bearer {_token(email)}"}
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    schema = schemathesis.openapi.from_dict(document)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 50
    tried: list = []
    for operation in operations:
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            _run(app, schema, operation, mode, headers, tried)
    statuses: dict = {}
    for _label, status in tried:
        statuses[status // 100] = statuses.get(status // 100, 0) + 1
    with capsys.disabled():
        print(f"\nschemathesis as {who}: {len(tried)} cases over {len(operations)} operations "
              f"({EXAMPLES} per operation and mode); answers by class: "
              + ", ".join(f"{k}xx {v}" for k, v in sorted(statuses.items())))
    assert statuses.get(2, 0) * 20 > len(tried)  # not only refusals: real answers were checked too
