"""Ballot tables. Secrecy by schema: who voted (Participation) and what was voted
(CastBallot) share only the ballot id. A cast ballot has a random key, no member,
no timestamp, and (on SQLite) no rowid, so its position says nothing either."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from deliberation.models.timeutil import utcnow
from extensions import db

BALLOT_STATUSES = ("draft", "open", "closed", "certified")
KINDS = ("yes_no_abstain", "ranked")
THRESHOLDS = ("simple", "two_thirds")
METHODS = ("schulze", "irv")


class Ballot(db.Model):
    __tablename__ = "ballots"

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int | None] = mapped_column(ForeignKey("assemblies.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    #: Minimum turnout (ballots cast) for any question to pass; None for no quorum.
    quorum: Mapped[int | None]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    certified_at: Mapped[datetime | None]
    certified_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    #: Frozen when the ballot closes so results never change afterwards.
    results: Mapped[dict | None] = mapped_column(JSON)

    questions = relationship("Question", order_by="Question.position", lazy="selectin")


class Question(db.Model):
    __tablename__ = "ballot_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    options: Mapped[list] = mapped_column(JSON, default=list)
    threshold: Mapped[str] = mapped_column(String(16), default="simple")
    method: Mapped[str] = mapped_column(String(16), default="schulze")


class Elector(db.Model):
    """The electorate, frozen when the ballot opens: later roll changes do not touch it."""

    __tablename__ = "ballot_electors"
    __table_args__ = (UniqueConstraint("ballot_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)


class Participation(db.Model):
    """Who has voted. The primary key makes a second vote impossible, even under concurrency."""

    __tablename__ = "ballot_participation"

    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    #: Hour the vote came in, for the turnout-over-time chart; coarse on purpose.
    hour: Mapped[datetime | None]


class CastBallot(db.Model):
    """What was voted: answers and tracker, nothing that points back to a member."""

    __tablename__ = "cast_ballots"
    __table_args__ = {"sqlite_with_rowid": False}

    #: Random, so key order is not insertion order.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id"), index=True)
    tracker: Mapped[str] = mapped_column(String(40), unique=True)
    answers: Mapped[list] = mapped_column(JSON)


# Tables added with the electorate and petitions; imported here so db.create_all sees them.
from deliberation.ballot.petitions.models import Petition, PetitionSupport  # noqa: E402,F401
from deliberation.people.models import Invitation  # noqa: E402,F401
