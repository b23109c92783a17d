"""SQLAlchemy ORM models: roadmap content kept apart from the learner's progress."""

from __future__ import annotations

import enum
import hashlib
import uuid
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from roadmap_desktop.core.enums import Origin, StepKind, StepStatus

__all__ = ["Origin", "StepKind", "StepStatus"]

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    """Declarative base with a naming convention so batch migrations work on SQLite."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(
        cls,
        values_callable=lambda e: [m.value for m in e],
        native_enum=False,
        validate_strings=True,
        length=16,
    )


# --- content -------------------------------------------------------------------------------


class Roadmap(Base):
    """A curriculum: phases of steps. Its row survives content updates (progress hangs on it)."""

    __tablename__ = "roadmaps"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary_md: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[Origin] = mapped_column(_enum(Origin), default=Origin.CUSTOM)
    source_ref: Mapped[str] = mapped_column(Text, default="")
    content_version: Mapped[int] = mapped_column(Integer, default=1)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    phases: Mapped[list[Phase]] = relationship(
        back_populates="roadmap", order_by="Phase.position", cascade="all, delete-orphan"
    )
    steps: Mapped[list[Step]] = relationship(
        back_populates="roadmap", cascade="all, delete-orphan", overlaps="phase"
    )
    questions: Mapped[list[PracticeQuestion]] = relationship(
        back_populates="roadmap", order_by="PracticeQuestion.position", cascade="all, delete-orphan"
    )


class Phase(Base):
    """A stretch of the roadmap with a week range, e.g. "Databases, weeks 7–12"."""

    __tablename__ = "phases"
    __table_args__ = (UniqueConstraint("roadmap_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    roadmap_id: Mapped[int] = mapped_column(ForeignKey("roadmaps.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    summary_md: Mapped[str] = mapped_column(Text, default="")
    start_week: Mapped[int] = mapped_column(Integer)
    end_week: Mapped[int] = mapped_column(Integer)

    roadmap: Mapped[Roadmap] = relationship(back_populates="phases")
    steps: Mapped[list[Step]] = relationship(
        back_populates="phase", order_by="Step.position", overlaps="steps"
    )


class Step(Base):
    """One thing to learn or build. Its key is stable across content versions."""

    __tablename__ = "steps"
    __table_args__ = (UniqueConstraint("roadmap_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    roadmap_id: Mapped[int] = mapped_column(ForeignKey("roadmaps.id", ondelete="CASCADE"))
    phase_id: Mapped[int | None] = mapped_column(
        ForeignKey("phases.id", ondelete="SET NULL"), index=True
    )
    key: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[StepKind] = mapped_column(_enum(StepKind), default=StepKind.TOPIC)
    title: Mapped[str] = mapped_column(String(200))
    body_md: Mapped[str] = mapped_column(Text, default="")
    estimated_hours: Mapped[float] = mapped_column(Float, default=1.0)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    roadmap: Mapped[Roadmap] = relationship(back_populates="steps", overlaps="steps")
    phase: Mapped[Phase | None] = relationship(back_populates="steps", overlaps="roadmap,steps")
    topics: Mapped[list[Topic]] = relationship(
        back_populates="step", order_by="Topic.position", cascade="all, delete-orphan"
    )
    resource_links: Mapped[list[StepResource]] = relationship(
        back_populates="step", order_by="StepResource.position", cascade="all, delete-orphan"
    )


class Topic(Base):
    """A checklist item of a step."""

    __tablename__ = "topics"
    __table_args__ = (UniqueConstraint("step_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("steps.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    step: Mapped[Step] = relationship(back_populates="topics")


class Resource(Base):
    """A book, course, article… that serves one or more steps."""

    __tablename__ = "resources"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(Text, index=True)
    kind: Mapped[str] = mapped_column(String(16), default="other")
    author: Mapped[str] = mapped_column(String(200), default="")
    cost: Mapped[str | None] = mapped_column(String(8))
    # The URL normalised for de-duplication (scheme/host case, trailing slash, utm_* dropped).
    url_key: Mapped[str | None] = mapped_column(Text, index=True)
    local_path: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="to_do", server_default="to_do")
    rating: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    note_md: Mapped[str] = mapped_column(Text, default="", server_default="")
    origin: Mapped[str] = mapped_column(String(16), default="user", server_default="bundled")
    added_at: Mapped[datetime] = mapped_column(
        DateTime, default=_utcnow, server_default=func.current_timestamp()
    )
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)

    step_links: Mapped[list[StepResource]] = relationship(
        back_populates="resource", cascade="all, delete-orphan"
    )
    tags: Mapped[list[ResourceTag]] = relationship(
        back_populates="resource", cascade="all, delete-orphan", order_by="ResourceTag.tag"
    )


class ResourceTag(Base):
    """A free-form tag on a resource (bookmark folders become tags)."""

    __tablename__ = "resource_tags"

    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)

    resource: Mapped[Resource] = relationship(back_populates="tags")


class StepResource(Base):
    """Links a resource to a step (many-to-many, ordered within the step)."""

    __tablename__ = "step_resources"

    step_id: Mapped[int] = mapped_column(
        ForeignKey("steps.id", ondelete="CASCADE"), primary_key=True
    )
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    # True when the learner linked it; content updates only replace the roadmap's own links.
    user_linked: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    step: Mapped[Step] = relationship(back_populates="resource_links")
    resource: Mapped[Resource] = relationship(back_populates="step_links")


class PracticeQuestion(Base):
    """A question with a model answer, optionally tied to a step."""

    __tablename__ = "practice_questions"
    __table_args__ = (UniqueConstraint("roadmap_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    roadmap_id: Mapped[int] = mapped_column(ForeignKey("roadmaps.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(80))
    step_key: Mapped[str | None] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer)
    prompt_md: Mapped[str] = mapped_column(Text)
    answer_md: Mapped[str] = mapped_column(Text)

    roadmap: Mapped[Roadmap] = relationship(back_populates="questions")


class StepGroup(Base):
    """A "choose one of" group of a roadmap (content, replaced by updates; merged by key)."""

    __tablename__ = "step_groups"
    __table_args__ = (UniqueConstraint("roadmap_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    roadmap_id: Mapped[int] = mapped_column(ForeignKey("roadmaps.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200), default="")

    members: Mapped[list[StepGroupMember]] = relationship(
        back_populates="group", order_by="StepGroupMember.position", cascade="all, delete-orphan"
    )


class StepGroupMember(Base):
    """A step (by its stable key) offered as one option of a group; a step is in one group."""

    __tablename__ = "step_group_members"

    roadmap_id: Mapped[int] = mapped_column(
        ForeignKey("roadmaps.id", ondelete="CASCADE"), primary_key=True
    )
    step_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("step_groups.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    group: Mapped[StepGroup] = relationship(back_populates="members")


# --- progress (keyed by stable keys, never touched by content updates) ------------------------


class RoadmapProgress(Base):
    """The learner's plan for a roadmap: when they started and their weekly hours."""

    __tablename__ = "roadmap_progress"

    roadmap_id: Mapped[int] = mapped_column(
        ForeignKey("roadmaps.id", ondelete="CASCADE"), primary_key=True
    )
    start_date: Mapped[date] = mapped_column(Date)
    weekly_hours: Mapped[float] = mapped_column(Float, default=10.0)


class StepProgress(Base):
    """Status and note of one step, by the step's stable key."""

    __tablename__ = "step_progress"

    roadmap_id: Mapped[int] = mapped_column(
        ForeignKey("roadmaps.id", ondelete="CASCADE"), primary_key=True
    )
    step_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    status: Mapped[StepStatus] = mapped_column(_enum(StepStatus), default=StepStatus.TODO)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    note_md: Mapped[str] = mapped_column(Text, default="")
    note_updated_at: Mapped[datetime | None] = mapped_column(DateTime)


class TopicTick(Base):
    """A ticked checklist item, by stable step and topic keys."""

    __tablename__ = "topic_ticks"

    roadmap_id: Mapped[int] = mapped_column(
        ForeignKey("roadmaps.id", ondelete="CASCADE"), primary_key=True
    )
    step_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    topic_key: Mapped[str] = mapped_column(String(120), primary_key=True)
    ticked_at: Mapped[datetime] = mapped_column(DateTime)


class GroupPick(Base):
    """The option the learner chose in a "choose one of" group, by stable group and step keys
    (progress: kept across content updates, in bundles and copies)."""

    __tablename__ = "group_picks"

    roadmap_id: Mapped[int] = mapped_column(
        ForeignKey("roadmaps.id", ondelete="CASCADE"), primary_key=True
    )
    group_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    step_key: Mapped[str] = mapped_column(String(80))
    picked_at: Mapped[datetime] = mapped_column(DateTime, default=_utcnow)


# --- planner and study time ------------------------------------------------------------------


class PlanBlock(Base):
    """Study planned for a local calendar day: a step (or a free title), minutes, optional time."""

    __tablename__ = "plan_blocks"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[time | None] = mapped_column(Time)
    minutes: Mapped[int] = mapped_column(Integer)
    roadmap_id: Mapped[int | None] = mapped_column(
        ForeignKey("roadmaps.id", ondelete="SET NULL"), index=True
    )
    step_key: Mapped[str | None] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200), default="")
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    auto: Mapped[bool] = mapped_column(Boolean, default=False)  # placed by "Plan my week"
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_utcnow)


class StudySession(Base):
    """Time actually studied (from the timer or logged by hand); times in UTC."""

    __tablename__ = "study_sessions"
    # The step pane sums a step's minutes each time a step is shown: covering, so the sum reads
    # that step's entries only (not every session of the roadmap).
    __table_args__ = (Index("ix_study_sessions_step", "roadmap_id", "step_key", "minutes"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    roadmap_id: Mapped[int | None] = mapped_column(
        ForeignKey("roadmaps.id", ondelete="SET NULL"), index=True
    )
    step_key: Mapped[str | None] = mapped_column(String(80))
    started_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(8), default="manual")  # timer | manual


class Availability(Base):
    """Minutes a normal week offers on each weekday (0 = Monday)."""

    __tablename__ = "availability"

    weekday: Mapped[int] = mapped_column(Integer, primary_key=True)
    minutes: Mapped[int] = mapped_column(Integer, default=0)


class ActiveTimer(Base):
    """The running (or paused) study timer, kept in the database so a crash cannot lose it."""

    __tablename__ = "active_timer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    roadmap_id: Mapped[int | None] = mapped_column(ForeignKey("roadmaps.id", ondelete="SET NULL"))
    step_key: Mapped[str | None] = mapped_column(String(80))
    first_started_at: Mapped[datetime] = mapped_column(DateTime)
    running_since: Mapped[datetime | None] = mapped_column(DateTime)  # None while paused
    accumulated_seconds: Mapped[int] = mapped_column(Integer, default=0)


# --- review: cards and their FSRS state (progress, keyed by stable keys) ---------------------


class Card(Base):
    """A flash card: a roadmap's practice question (by its stable key) or the learner's own.

    Front and back are Markdown. A question's card takes its text from the question at every
    content sync until the learner edits it; a card whose question or step disappears is kept
    with its history and marked archived. The FSRS state lives in plain columns: state 0 is a
    card never reviewed, 1–3 are fsrs.State (learning, review, relearning).
    """

    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("roadmap_id", "question_key"),
        # Covering indexes for the queue: by due time (all steps) and per step (started steps).
        # No IN on a middle column with a range after it: SQLite 3.40 miscounts such joins.
        Index("ix_cards_due", "due", "state", "suspended", "archived"),
        Index("ix_cards_step", "roadmap_id", "step_key", "due", "state", "suspended", "archived"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)  # stable across devices/exports
    roadmap_id: Mapped[int] = mapped_column(ForeignKey("roadmaps.id", ondelete="CASCADE"))
    step_key: Mapped[str | None] = mapped_column(String(80))
    question_key: Mapped[str | None] = mapped_column(String(80))
    origin: Mapped[str] = mapped_column(String(16), default="own")  # bundled | imported | own
    front_md: Mapped[str] = mapped_column(Text)
    back_md: Mapped[str] = mapped_column(Text, default="")
    edited: Mapped[bool] = mapped_column(Boolean, default=False)  # the learner changed the text
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_utcnow)
    state: Mapped[int] = mapped_column(Integer, default=0)
    step: Mapped[int | None] = mapped_column(Integer)  # learning or relearning step
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime] = mapped_column(DateTime, default=_utcnow)
    last_review: Mapped[datetime | None] = mapped_column(DateTime)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)


class ReviewLog(Base):
    """One answer: what was rated, when, and the card's state before it (for exact undo and
    for optimising FSRS parameters later)."""

    __tablename__ = "review_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"), index=True)
    reviewed_at: Mapped[datetime] = mapped_column(DateTime, index=True)  # UTC
    rating: Mapped[int] = mapped_column(Integer)  # 1 again, 2 hard, 3 good, 4 easy
    state: Mapped[int] = mapped_column(Integer)  # the card's state before the answer
    elapsed_days: Mapped[float] = mapped_column(Float, default=0.0)
    scheduled_days: Mapped[float] = mapped_column(Float, default=0.0)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    prev_step: Mapped[int | None] = mapped_column(Integer)
    prev_stability: Mapped[float | None] = mapped_column(Float)
    prev_difficulty: Mapped[float | None] = mapped_column(Float)
    prev_due: Mapped[datetime] = mapped_column(DateTime)
    prev_last_review: Mapped[datetime | None] = mapped_column(DateTime)
    prev_lapses: Mapped[int] = mapped_column(Integer, default=0)


# --- sync through a shared folder (core/sync, services/sync.py, docs/sync.md) ------------------


def _new_uid() -> str:
    return uuid.uuid4().hex


def _resource_uid(context: Any) -> str:
    """A resource's identity across computers: its normalised URL, else its title and kind
    (the bundle's identity), so the same bookmark added on two computers is one resource."""
    params = context.get_current_parameters() if context is not None else {}
    if params.get("url_key"):
        seed = "url:" + str(params["url_key"])
    elif params.get("title"):
        seed = f"title:{str(params['title']).casefold()}:{params.get('kind') or 'other'}"
    else:
        return _new_uid()
    return hashlib.sha1(seed.encode("utf-8")).hexdigest()[:32]


# Globally unique ids, added to existing tables without touching their classes above.
Resource.uid = mapped_column(String(32), default=_resource_uid, index=True)
PlanBlock.uid = mapped_column(String(32), default=_new_uid, index=True)
StudySession.uid = mapped_column(String(32), default=_new_uid, index=True)


class SyncMeta(Base):
    """This data folder's sync settings and counters: device id and name, clock, sequence."""

    __tablename__ = "sync_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class SyncRecord(Base):
    """The merged state of one synced record, and what the tables held after the last round."""

    __tablename__ = "sync_records"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)  # JSON list: the stable key
    state: Mapped[str] = mapped_column(Text)  # JSON, see core/sync/crdt.py
    shadow: Mapped[str | None] = mapped_column(Text)  # JSON values as last read or written
    pending: Mapped[bool] = mapped_column(Boolean, default=False, index=True)


class SyncFile(Base):
    """A journal file of the shared folder read (or written) here, and how far."""

    __tablename__ = "sync_files"

    device: Mapped[str] = mapped_column(String(40), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    size: Mapped[int] = mapped_column(Integer, default=0)
    lines: Mapped[int] = mapped_column(Integer, default=0)  # operation lines applied
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    problem: Mapped[str | None] = mapped_column(Text)


class SyncDirty(Base):
    """A write counter per synced table, bumped by triggers the sync engine installs."""

    __tablename__ = "sync_dirty"

    tbl: Mapped[str] = mapped_column(String(64), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class SyncRow(Base):
    """A row of a row-tracked synced table (cards, review log) written since its last round."""

    __tablename__ = "sync_rows"

    tbl: Mapped[str] = mapped_column(String(64), primary_key=True)
    rid: Mapped[int] = mapped_column(Integer, primary_key=True)


class SyncRowKey(Base):
    """The stable key a row of a row-tracked table had at the last round (for deletions)."""

    __tablename__ = "sync_rowkeys"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    rid: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(Text)
