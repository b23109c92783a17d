"""Enumerations shared by storage, services and UI; importing them costs no SQLAlchemy."""

import enum


class StepStatus(enum.StrEnum):
    """Where a learner stands on a step."""

    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"


class StepKind(enum.StrEnum):
    """What sort of step it is."""

    TOPIC = "topic"
    PROJECT = "project"
    EXERCISE = "exercise"
    MILESTONE = "milestone"


class Origin(enum.StrEnum):
    """Where a roadmap came from."""

    BUNDLED = "bundled"
    IMPORTED = "imported"
    CUSTOM = "custom"
