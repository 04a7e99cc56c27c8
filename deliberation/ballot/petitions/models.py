"""Member petitions for an all-member ballot on a submitted proposal."""
from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from deliberation.models.timeutil import utcnow
from extensions import db


class Petition(db.Model):
    __tablename__ = "petitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: One petition per proposal: starting it again supports the existing one.
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), unique=True)
    started_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Thresholds frozen when the petition starts (see deliberation/ballot/petitions.py).
    members_needed: Mapped[int] = mapped_column(default=1)
    groups_needed: Mapped[int] = mapped_column(default=0)
    #: Set once, by the support that reached the threshold (a guarded UPDATE, so only once).
    reached_at: Mapped[datetime | None]
    #: The draft ballot created when the threshold was reached.
    ballot_id: Mapped[int | None] = mapped_column(ForeignKey("ballots.id"), unique=True)


class PetitionSupport(db.Model):
    """Who supports a petition (public, like amendment support); the key forbids supporting twice."""

    __tablename__ = "petition_supports"

    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
