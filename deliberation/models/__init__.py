"""The deliberation area's tables, one module per aggregate."""
from deliberation.models.assembly import PHASES, Assembly, AssemblyChair
from deliberation.models.audit import AuditEvent
from deliberation.models.group import Group, Membership
from deliberation.models.member import ApiToken, Member
from deliberation.models.proposal import Proposal
from deliberation.models.sign_in import SignIn

__all__ = ["AuditEvent", "ApiToken", "Member", "Group", "Membership", "Assembly",
           "AssemblyChair", "PHASES", "Proposal", "SignIn"]
