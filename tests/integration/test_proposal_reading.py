"""Who may read a proposal: a group's draft is its own (and the assembly's chairs' and admins');
once submitted, every member reads it. The page, the API and the assembly's list all ask."""
import pytest
from pages import sign_in

from deliberation.unit_of_work import UnitOfWork


@pytest.fixture
def world(make_member, make_group, make_assembly):
    from deliberation.proposals.services import create_proposal
    organiser, writer, outsider, chair, admin = (
        make_member(name=n, admin=n == "Admin") for n in ("Org", "Writer", "Outsider", "Chair", "Admin"))
    group = make_group(organisers=[organiser], members=[writer])
    make_group(members=[outsider])
    assembly = make_assembly(chairs=[chair])
    with UnitOfWork():
        proposal = create_proposal(organiser, assembly, group.id, "Our secret plan", "Hello world")
    return {"proposal": proposal, "assembly": assembly, "organiser": organiser, "writer": writer,
            "outsider": outsider, "chair": chair, "admin": admin}


def test_can_read_proposal_follows_the_draft_rule(world):
    from deliberation.auth.permissions import can_read_proposal
    proposal = world["proposal"]
    readers = {who: can_read_proposal(world[who], proposal)
               for who in ("organiser", "writer", "outsider", "chair", "admin")}
    assert readers == {"organiser": True, "writer": True, "outsider": False, "chair": True, "admin": True}
    assert can_read_proposal(None, proposal) is False
    proposal.status = "submitted"
    assert can_read_proposal(world["outsider"], proposal) is True


def test_the_api_refuses_another_groups_draft_until_it_is_submitted(world, api):
    path = f"/proposals/{world['proposal'].id}"
    refused = api(world["outsider"]).get(path)
    assert refused.status_code == 403 and refused.json["error"]["code"] == "forbidden"
    assert api(world["writer"]).get(path).json["text"] == "Hello world"
    assert api(world["chair"]).get(path).status_code == 200
    assert api(world["organiser"]).post(path + "/submit").status_code == 200
    assert api(world["outsider"]).get(path).json["status"] == "submitted"


def test_the_page_and_the_assembly_list_hide_another_groups_draft(world, client):
    proposal, assembly = world["proposal"], world["assembly"]
    assert sign_in(client, world["outsider"].email, "correct horse").status_code == 302
    assert client.get(f"/proposals/{proposal.id}").status_code == 403
    assert "Our secret plan" not in client.get(f"/assemblies/{assembly.id}").get_data(as_text=True)


def test_the_chair_sees_the_draft_on_the_page_and_in_the_list(world, client):
    proposal, assembly = world["proposal"], world["assembly"]
    assert sign_in(client, world["chair"].email, "correct horse").status_code == 302
    assert client.get(f"/proposals/{proposal.id}").status_code == 200
    assert "Our secret plan" in client.get(f"/assemblies/{assembly.id}").get_data(as_text=True)
