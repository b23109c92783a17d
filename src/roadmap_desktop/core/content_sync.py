"""Write a validated roadmap into the database, merging by stable keys so progress survives."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session, selectinload

from roadmap_desktop.core.cards import sync_question_cards
from roadmap_desktop.core.content_report import SyncReport as SyncReport  # re-exported
from roadmap_desktop.core.library import normalize_url
from roadmap_desktop.core.models import (
    ActiveTimer,
    Origin,
    Phase,
    PlanBlock,
    PracticeQuestion,
    Resource,
    Roadmap,
    Step,
    StepGroup,
    StepGroupMember,
    StepKind,
    StepProgress,
    StepResource,
    StepStatus,
    StudySession,
    Topic,
    TopicTick,
)
from roadmap_desktop.core.roadmap_format import GroupSpec, ResourceSpec, RoadmapSpec, StepSpec


def sync_roadmap(
    session: Session, spec: RoadmapSpec, *, origin: Origin, source_ref: str = "", position: int = 0
) -> SyncReport:
    """Create or update the roadmap spec.slug from spec inside the caller's transaction."""
    report = SyncReport(slug=spec.slug)
    roadmap = session.scalar(
        select(Roadmap)
        .where(Roadmap.slug == spec.slug)
        .options(
            selectinload(Roadmap.phases), selectinload(Roadmap.steps).selectinload(Step.topics)
        )
    )
    if roadmap is None:
        roadmap = Roadmap(slug=spec.slug)
        session.add(roadmap)
        report.created = True
    elif spec.content_hash and roadmap.content_hash == spec.content_hash:
        report.unchanged = True
        return report
    roadmap.title = spec.title
    roadmap.summary_md = spec.summary
    roadmap.origin = origin
    roadmap.source_ref = source_ref or spec.source
    roadmap.content_version = spec.content_version
    roadmap.content_hash = spec.content_hash
    roadmap.position = position
    session.flush()

    phases = {p.key: p for p in roadmap.phases}
    steps = {s.key: s for s in roadmap.steps}
    resources = _ResourceIndex(session)
    resources.preload([r for s in spec.all_steps() for r in s.resources])
    wanted_phase_keys = {p.key for p in spec.phases}
    wanted_step_keys = {s.key for s in spec.all_steps()}

    new_steps: list[tuple[Phase, int, StepSpec]] = []
    for p_pos, p_spec in enumerate(spec.phases):
        phase = phases.get(p_spec.key)
        if phase is None:
            phase = Phase(roadmap=roadmap, key=p_spec.key)
            session.add(phase)
            phases[p_spec.key] = phase
        phase.position = p_pos
        phase.title = p_spec.title
        phase.summary_md = p_spec.summary
        phase.start_week = p_spec.start_week
        phase.end_week = p_spec.end_week
        session.flush()
        for s_pos, s_spec in enumerate(p_spec.steps):
            step = steps.get(s_spec.key)
            if step is None:
                # New steps (all of a new roadmap's) are written in bulk after the loop.
                new_steps.append((phase, s_pos, s_spec))
                report.added_steps.append(s_spec.key)
                continue
            if not report.created:
                report.updated_steps.append(s_spec.key)
            step.phase = phase
            step.position = s_pos
            step.kind = StepKind(s_spec.kind)
            step.title = s_spec.title
            step.body_md = s_spec.body
            step.estimated_hours = s_spec.effort_hours
            step.archived = False
            # The learner's own links stay; only the roadmap's links are replaced.
            own_links = [link for link in step.resource_links if link.user_linked]
            if step.topics or len(own_links) != len(step.resource_links):
                # Delete the old checklist and links before inserting the new ones: the unit of
                # work inserts before it deletes, which breaks the unique (step_id, key).
                step.topics = []
                step.resource_links = own_links
                session.flush()
            with session.no_autoflush:
                step.topics = [
                    Topic(key=t.key, position=i, text=t.text) for i, t in enumerate(s_spec.topics)
                ]
                # A resource listed twice in one step (same URL) is linked once; one the learner
                # linked already keeps their link.
                linked = dict.fromkeys(resources.find_or_create(r) for r in s_spec.resources)
                own = {link.resource for link in own_links}
                bundled = [
                    StepResource(resource=res, position=i)
                    for i, res in enumerate(r for r in linked if r not in own)
                ]
                for i, link in enumerate(own_links, start=len(bundled)):
                    link.position = i
                step.resource_links = bundled + own_links
    # One flush for the phases and edited steps; then the new steps, their topics and links
    # as bulk inserts (a 10,000-step course in seconds, not minutes).
    session.flush()
    _insert_steps(session, roadmap.id, new_steps, resources)

    with_progress = keys_with_progress(session, roadmap.id)
    for key, step in steps.items():
        if key in wanted_step_keys:
            continue
        if key in with_progress:
            if not step.archived:
                step.archived = True
                step.phase = None
                report.archived_steps.append(key)
        else:
            session.delete(step)
            report.removed_steps.append(key)
    for key, phase in phases.items():
        if key not in wanted_phase_keys:
            session.delete(phase)
    session.flush()
    sync_groups(session, roadmap.id, spec.all_groups())

    session.execute(delete(PracticeQuestion).where(PracticeQuestion.roadmap_id == roadmap.id))
    session.add_all(
        PracticeQuestion(
            roadmap=roadmap,
            key=q.key,
            step_key=q.step,
            position=i,
            prompt_md=q.prompt,
            answer_md=q.answer,
        )
        for i, q in enumerate(spec.questions)
    )
    session.flush()
    sync_question_cards(session, roadmap.id)
    return report


def sync_groups(session: Session, roadmap_id: int, groups: Sequence[GroupSpec]) -> None:
    """Make the roadmap's "choose one of" groups these, merging by group key: a kept group keeps
    its row, a new one is added, a gone one is deleted. The learner's picks (`group_picks`) are
    progress and are never touched here; a pick of a group or step that is gone is ignored."""
    existing = dict(
        session.execute(
            select(StepGroup.key, StepGroup.id).where(StepGroup.roadmap_id == roadmap_id)
        )
        .tuples()
        .all()
    )
    # Membership is content: written anew, so a step may move from one group to another.
    session.execute(delete(StepGroupMember).where(StepGroupMember.roadmap_id == roadmap_id))
    wanted = {g.key for g in groups}
    gone = [gid for key, gid in existing.items() if key not in wanted]
    if gone:
        session.execute(delete(StepGroup).where(StepGroup.id.in_(gone)))
    members = []
    for position, group in enumerate(groups):
        gid = existing.get(group.key)
        if gid is None:
            gid = session.scalars(
                insert(StepGroup).returning(StepGroup.id),
                [
                    {
                        "roadmap_id": roadmap_id,
                        "key": group.key,
                        "position": position,
                        "title": group.title,
                    }
                ],
            ).one()
        else:
            session.execute(
                update(StepGroup)
                .where(StepGroup.id == gid)
                .values(position=position, title=group.title)
            )
        members += [
            {"roadmap_id": roadmap_id, "step_key": key, "group_id": gid, "position": i}
            for i, key in enumerate(group.steps)
        ]
    if members:
        session.execute(insert(StepGroupMember), members)


def _insert_steps(
    session: Session,
    roadmap_id: int,
    new_steps: list[tuple[Phase, int, StepSpec]],
    resources: _ResourceIndex,
) -> None:
    """Insert new steps with their topics and resource links in a few multi-row statements."""
    if not new_steps:
        return
    ids: list[int] = []
    for start in range(0, len(new_steps), _CHUNK):
        chunk = new_steps[start : start + _CHUNK]
        ids += session.scalars(
            insert(Step).returning(Step.id, sort_by_parameter_order=True),
            [
                {
                    "roadmap_id": roadmap_id,
                    "phase_id": phase.id,
                    "key": s_spec.key,
                    "position": s_pos,
                    "kind": StepKind(s_spec.kind),
                    "title": s_spec.title,
                    "body_md": s_spec.body,
                    "estimated_hours": s_spec.effort_hours,
                    "archived": False,
                }
                for phase, s_pos, s_spec in chunk
            ],
        ).all()
    topics = [
        {"step_id": step_id, "key": t.key, "position": i, "text": t.text}
        for step_id, (_phase, _pos, s_spec) in zip(ids, new_steps, strict=True)
        for i, t in enumerate(s_spec.topics)
    ]
    # A resource listed twice in one step (same URL) is linked once.
    linked = [
        (step_id, list(dict.fromkeys(resources.find_or_create(r) for r in s_spec.resources)))
        for step_id, (_phase, _pos, s_spec) in zip(ids, new_steps, strict=True)
    ]
    session.flush()  # new library resources get their ids
    links = [
        {"step_id": step_id, "resource_id": res.id, "position": i, "user_linked": False}
        for step_id, found in linked
        for i, res in enumerate(found)
    ]
    for table, rows in ((Topic, topics), (StepResource, links)):
        for start in range(0, len(rows), _CHUNK * 4):
            session.execute(insert(table), rows[start : start + _CHUNK * 4])


def keys_with_progress(session: Session, roadmap_id: int) -> set[str]:
    """Step keys that carry the learner's work: a status, a note, a tick, logged or planned
    time, the running timer, or a resource the learner linked. Such a step is archived, never
    deleted, when a content update drops it."""
    marked = session.scalars(
        select(StepProgress.step_key).where(
            StepProgress.roadmap_id == roadmap_id,
            (StepProgress.status != StepStatus.TODO) | (StepProgress.note_md != ""),
        )
    )
    ticked = session.scalars(select(TopicTick.step_key).where(TopicTick.roadmap_id == roadmap_id))
    linked = session.scalars(
        select(Step.key)
        .join(StepResource, StepResource.step_id == Step.id)
        .where(Step.roadmap_id == roadmap_id, StepResource.user_linked.is_(True))
    )
    timed = session.scalars(
        select(StudySession.step_key).where(
            StudySession.roadmap_id == roadmap_id, StudySession.step_key.is_not(None)
        )
    )
    planned = session.scalars(
        select(PlanBlock.step_key).where(
            PlanBlock.roadmap_id == roadmap_id, PlanBlock.step_key.is_not(None)
        )
    )
    running = session.scalars(
        select(ActiveTimer.step_key).where(
            ActiveTimer.roadmap_id == roadmap_id, ActiveTimer.step_key.is_not(None)
        )
    )
    found = set(marked) | set(ticked) | set(linked)
    found |= {key for key in (*timed, *planned, *running) if key is not None}
    return found


_CHUNK = 500
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _sql_lower(text: str) -> str:
    """text as SQLite's lower() sees it: only ASCII letters change."""
    return text.translate(_ASCII_LOWER)


class _ResourceIndex:
    """Finds resources already in the library so none is duplicated.

    A resource with a URL matches by its normalised URL (`url_key`). Failing that, and for
    one without a URL, title and kind decide: a link-less copy first (a bundled one gains the
    URL), else, for a link-less spec, the one resource with a URL of that title and kind. The
    library may hold tens of thousands of resources, so it is never loaded whole: `preload`
    fetches the candidates of one roadmap's resources (by URL key and by title) in a few
    queries; `seen` covers those created in this sync (not flushed yet).
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_key: dict[str, Resource] = {}
        self.absent: set[str] = set()  # URL keys known not to be in the library (preload)
        self.titled: dict[tuple[str, str], list[Resource]] | None = None  # (title, kind) → rows
        self.seen: dict[tuple[str, str], list[Resource]] = {}
        # Rows written before url_key existed (or by hand) get their key now.
        for res in session.scalars(
            select(Resource).where(Resource.url.is_not(None), Resource.url_key.is_(None))
        ):
            res.url_key = normalize_url(res.url or "")

    def preload(self, specs: list[ResourceSpec]) -> None:
        """Fetch the library's candidates for these resources in a few queries (instead of
        two per resource); lookups then run in memory."""
        keys = sorted({normalize_url(r.url) for r in specs if r.url})
        for start in range(0, len(keys), _CHUNK):
            for res in self.session.scalars(
                select(Resource)
                .where(Resource.url_key.in_(keys[start : start + _CHUNK]))
                .order_by(Resource.id)
            ):
                if res.url_key:
                    self.by_key.setdefault(res.url_key, res)
        self.absent = set(keys) - set(self.by_key)
        titles = sorted({_sql_lower(r.title) for r in specs})
        self.titled = {}
        for start in range(0, len(titles), _CHUNK):
            for res in self.session.scalars(
                select(Resource)
                .where(func.lower(Resource.title).in_(titles[start : start + _CHUNK]))
                .order_by(Resource.id)
            ):
                self.titled.setdefault((_sql_lower(res.title), res.kind), []).append(res)

    def find_or_create(self, spec: ResourceSpec) -> Resource:
        key = normalize_url(spec.url) if spec.url else None
        found = self._by_key(key) if key else None
        if found is None:
            found = self._by_title(spec.title, spec.kind, linkless_spec=key is None)
            if found is not None and key is not None:
                found.url, found.url_key = spec.url, key  # the same book, now with its link
        if found is None:
            found = Resource(
                title=spec.title,
                url=spec.url,
                url_key=key,
                kind=spec.kind,
                author=spec.author,
                cost=spec.cost,
                origin="bundled",
            )
            self.session.add(found)
        if found.url_key:
            self.by_key[found.url_key] = found
        same = self.seen.setdefault((found.title.casefold(), found.kind), [])
        if found not in same:
            same.append(found)
        return found

    def _by_key(self, key: str) -> Resource | None:
        found = self.by_key.get(key)
        if found is None and key not in self.absent:
            found = self.session.scalar(
                select(Resource).where(Resource.url_key == key).order_by(Resource.id).limit(1)
            )
        return found

    def _by_title(self, title: str, kind: str, *, linkless_spec: bool) -> Resource | None:
        if self.titled is not None and (_sql_lower(title), kind) in self.titled:
            stored: Sequence[Resource] = self.titled[(_sql_lower(title), kind)]
        elif self.titled is not None:
            stored = []
        else:
            stored = self.session.scalars(
                select(Resource)
                .where(Resource.kind == kind, func.lower(Resource.title) == func.lower(title))
                .order_by(Resource.id)
            ).all()
        candidates = list(dict.fromkeys([*self.seen.get((title.casefold(), kind), []), *stored]))
        linkless = [r for r in candidates if not r.url]
        if not linkless_spec:
            # Only a roadmap's own link-less copy may gain the URL; the learner's stays as is.
            linkless = [r for r in linkless if r.origin == "bundled"]
        if linkless:
            return linkless[0]
        linked = {r.url_key: r for r in reversed(candidates) if r.url_key}
        if linkless_spec and len(linked) == 1:
            return next(iter(linked.values()))
        return None
