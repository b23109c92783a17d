"""Everything a learner can change, declared as syncable entities in dependency order.

Adding a kind of data (cards, review-log rows…) is one `Entity` here: its table, its stable key
(columns; `KeyPart(col, ref="step")` for a column holding a referenced row's id), its fields
with their merge rule, and the ChangeKinds a change to it announces. Order matters: an entity
comes after every entity it references (deletions run in the reverse order).
"""

from __future__ import annotations

from roadmap_desktop.core.sync.crdt import Rule
from roadmap_desktop.core.sync.entities import Entity, Field, KeyPart
from roadmap_desktop.services.changes import ChangeKind as CK

LWW, LOG, SET, TEXT = Rule.LWW, Rule.LOG, Rule.SET, Rule.TEXT

ROADMAP_KEY = (KeyPart("roadmap_id", ref="roadmap"),)

ENTITIES: tuple[Entity, ...] = (
    Entity(
        "roadmap",
        "roadmaps",
        (KeyPart("slug"),),
        (
            Field("title", default=""),
            Field("summary", TEXT, column="summary_md", default=""),
            Field("origin", default="custom"),
            Field("source_ref", default=""),
            Field("content_version", default=1),
            Field("content_hash", default=""),
            Field("position", default=0),
        ),
        (CK.ROADMAPS,),
    ),
    Entity(
        "phase",
        "phases",
        (*ROADMAP_KEY, KeyPart("key")),
        (
            Field("position", default=0),
            Field("title", default=""),
            Field("summary", TEXT, column="summary_md", default=""),
            Field("start_week", default=1),
            Field("end_week", default=1),
        ),
        (CK.ROADMAPS,),
    ),
    Entity(
        "step",
        "steps",
        (*ROADMAP_KEY, KeyPart("key")),
        (
            Field("phase", column="phase_id", ref="phase"),
            Field("position", default=0),
            Field("kind", default="topic"),
            Field("title", default=""),
            Field("body", TEXT, column="body_md", default=""),
            Field("effort_hours", column="estimated_hours", default=1.0),
            Field("archived", default=False),
        ),
        (CK.ROADMAPS,),
    ),
    Entity(
        "topic",
        "topics",
        (KeyPart("step_id", ref="step"), KeyPart("key")),
        (Field("position", default=0), Field("text", default="")),
        (CK.ROADMAPS, CK.TOPICS),
    ),
    Entity(
        "question",
        "practice_questions",
        (*ROADMAP_KEY, KeyPart("key")),
        (
            Field("step", column="step_key"),
            Field("position", default=0),
            Field("prompt", TEXT, column="prompt_md", default=""),
            Field("answer", TEXT, column="answer_md", default=""),
        ),
        (CK.ROADMAPS,),
    ),
    Entity(
        "step_group",
        "step_groups",
        (*ROADMAP_KEY, KeyPart("key")),
        (Field("position", default=0), Field("title", default="")),
        (CK.ROADMAPS, CK.STATUS),
    ),
    Entity(
        "group_member",
        "step_group_members",
        (*ROADMAP_KEY, KeyPart("step_key")),
        (Field("group", column="group_id", ref="step_group"), Field("position", default=0)),
        (CK.ROADMAPS, CK.STATUS),
        id_column="",
    ),
    Entity(
        "resource",
        "resources",
        (KeyPart("uid"),),
        (
            Field("title", default=""),
            Field("url"),
            Field("url_key"),
            Field("kind", default="other"),
            Field("author", default=""),
            Field("cost"),
            Field("local_path"),
            Field("status", default="to_do"),
            Field("rating", default=0),
            Field("note", TEXT, column="note_md", default=""),
            Field("origin", default="user"),
            Field("added_at"),
            Field("finished_at"),
            Field(
                "tags",
                SET,
                table="resource_tags",
                parent_column="resource_id",
                element_column="tag",
            ),
        ),
        (CK.LIBRARY,),
    ),
    Entity(
        "link",
        "step_resources",
        (KeyPart("step_id", ref="step"), KeyPart("resource_id", ref="resource")),
        (Field("position", default=0), Field("user_linked", default=False)),
        (CK.LIBRARY,),
        id_column="",
    ),
    Entity(
        "schedule",
        "roadmap_progress",
        ROADMAP_KEY,
        (Field("start_date"), Field("weekly_hours", default=10.0)),
        (CK.SCHEDULE,),
        id_column="",
    ),
    Entity(
        "progress",
        "step_progress",
        (*ROADMAP_KEY, KeyPart("step_key")),
        (
            Field("status", default="todo"),
            Field("started_at"),
            Field("done_at"),
            Field("note", TEXT, column="note_md", default=""),
            Field("note_updated_at"),
        ),
        (CK.STATUS, CK.NOTE),
        id_column="",
    ),
    Entity(
        "tick",
        "topic_ticks",
        (*ROADMAP_KEY, KeyPart("step_key"), KeyPart("topic_key")),
        (Field("ticked_at"),),
        (CK.TOPICS,),
        id_column="",
    ),
    Entity(
        "group_pick",
        "group_picks",
        (*ROADMAP_KEY, KeyPart("group_key")),
        (Field("step", column="step_key"), Field("picked_at")),
        (CK.STATUS,),
        id_column="",
    ),
    Entity(
        "plan_block",
        "plan_blocks",
        (KeyPart("uid"),),
        (
            Field("day"),
            Field("start_time"),
            Field("minutes", default=0),
            Field("roadmap", column="roadmap_id", ref="roadmap"),
            Field("step", column="step_key"),
            Field("title", default=""),
            Field("done", default=False),
            Field("auto", default=False),
            Field("position", default=0),
            Field("created_at"),
        ),
        (CK.PLAN,),
    ),
    Entity(
        "session",
        "study_sessions",
        (KeyPart("uid"),),
        (
            Field("roadmap", column="roadmap_id", ref="roadmap"),
            Field("step", column="step_key"),
            Field("started_at"),
            Field("minutes", default=0),
            Field("note", default=""),
            Field("source", LOG, default="manual"),
        ),
        (CK.TIME,),
    ),
    Entity(
        "card",
        "cards",
        (KeyPart("uid"),),
        (
            Field("roadmap", column="roadmap_id", ref="roadmap"),
            Field("step", column="step_key"),
            Field("question", column="question_key"),
            Field("origin", LOG, default="own"),
            Field("front", TEXT, column="front_md", default=""),
            Field("back", TEXT, column="back_md", default=""),
            Field("edited", default=False),
            Field("suspended", default=False),
            Field("archived", default=False),
            Field("created_at", LOG),
            # The FSRS state: one review's values travel together (state leads: 0 = new).
            Field("state", default=0, group="fsrs"),
            Field("learning_step", column="step", group="fsrs"),
            Field("stability", group="fsrs"),
            Field("difficulty", group="fsrs"),
            Field("due", group="fsrs"),
            Field("last_review", group="fsrs"),
            Field("reps", default=0, group="fsrs"),
            Field("lapses", default=0, group="fsrs"),
        ),
        (CK.REVIEW,),
    ),
    Entity(
        "review",
        "review_log",
        (KeyPart("card_id", ref="card"), KeyPart("reviewed_at")),
        (
            Field("rating", LOG),
            Field("state", LOG),
            Field("elapsed_days", LOG, default=0.0),
            Field("scheduled_days", LOG, default=0.0),
            Field("duration_ms", LOG),
            Field("prev_step", LOG),
            Field("prev_stability", LOG),
            Field("prev_difficulty", LOG),
            Field("prev_due", LOG),
            Field("prev_last_review", LOG),
            Field("prev_lapses", LOG, default=0),
        ),
        (CK.REVIEW,),
    ),
    Entity(
        "availability",
        "availability",
        (KeyPart("weekday"),),
        (Field("minutes", default=0),),
        (CK.PLAN,),
        id_column="",
    ),
    Entity(
        "timer",
        "active_timer",
        (KeyPart("id"),),
        (
            Field("roadmap", column="roadmap_id", ref="roadmap"),
            Field("step", column="step_key"),
            Field("first_started_at"),
            Field("running_since"),
            Field("accumulated_seconds", default=0),
        ),
        (CK.TIME,),
        id_column="",
    ),
)

BY_NAME: dict[str, Entity] = {e.name: e for e in ENTITIES}
