"""A small world for the search tests: two groups, a chair, an assembly in the amendments phase
with an amendment and a group's draft proposal; and helpers to ask the index."""
import pytest

from deliberation.unit_of_work import UnitOfWork

SECRET = "Clandestine"


@pytest.fixture
def world(app, make_member, make_group, make_assembly, constitution):
    from amendments.services.filing import file_amendment
    from deliberation.proposals.services import create_proposal
    organiser, writer, outsider, chair, admin = (
        make_member(name=n, admin=n == "Admin") for n in ("Org", "Writer", "Outsider", "Chair", "Admin"))
    leeds = make_group(name="Leeds", organisers=[organiser], members=[writer])
    york = make_group(name="York", members=[outsider])
    assembly = make_assembly(chairs=[chair], title="Refounding")
    with UnitOfWork():
        draft = create_proposal(organiser, assembly, leeds.id, f"{SECRET} plan for quorum",
                                constitution.replace("one hundred delegates",
                                                     f"fifty {SECRET.lower()} delegates"))
    assembly.phase = "amendments"
    with UnitOfWork():
        amendment, _ops = file_amendment(
            writer, assembly, assembly.current_version_id,
            constitution.replace("once a year", "twice a year"), "Meet twice a year",
            rationale="Two meetings keep <b>members</b> involved & informed.", group_id=leeds.id)
    return {"organiser": organiser, "writer": writer, "outsider": outsider, "chair": chair, "admin": admin,
            "leeds": leeds, "york": york, "assembly": assembly, "draft": draft, "amendment": amendment}


def hits(api, member, q: str, **params) -> list[tuple[str, int]]:
    """(kind, id) of every hit a member gets through the API."""
    reply = api(member).get("/search", query_string={"q": q, "per_page": 100, **params})
    assert reply.status_code == 200, reply.json
    return [(hit["kind"], hit["id"]) for hit in reply.json["hits"]]


def outbox_count() -> int:
    from deliberation.search.models import SearchOutbox
    from extensions import db
    return db.session.scalar(db.select(db.func.count()).select_from(SearchOutbox))
