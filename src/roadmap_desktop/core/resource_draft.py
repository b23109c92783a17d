"""A resource as the learner (or an importer) describes it, and its validation into stored form."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from roadmap_desktop.core.errors import UserFacingError
from roadmap_desktop.core.library import (
    COSTS,
    KIND_LABELS,
    MAX_RATING,
    RESOURCE_KINDS,
    RESOURCE_STATUSES,
    STATUS_LABELS,
    clean_tags,
    safe_url,
    url_scheme,
)

MAX_TITLE_CHARS = 300
MAX_AUTHOR_CHARS = 200
MAX_URL_CHARS = 8_000
MAX_PATH_CHARS = 4_000
# Equal to the CSV field limit, so every stored note survives an export and re-import.
MAX_NOTE_CHARS = 100_000
MAX_TAGS = 50


@dataclass(frozen=True)
class ResourceDraft:
    """The editable fields of a resource; `validate_draft` turns user input into stored form."""

    title: str
    url: str | None = None
    local_path: str | None = None
    kind: str = "other"
    author: str = ""
    cost: str | None = None
    status: str = "to_do"
    rating: int = 0
    tags: tuple[str, ...] = ()
    note_md: str = ""


def validate_draft(draft: ResourceDraft, *, check_file: bool = True) -> ResourceDraft:
    """The draft stripped and normalised; UserFacingError says what is wrong.

    check_file=False accepts a local file that does not exist here (an import from another
    computer); the editor always checks.
    """
    title = " ".join(draft.title.split())
    if not title:
        raise UserFacingError("A resource needs a title.")
    if len(title) > MAX_TITLE_CHARS:
        raise UserFacingError(
            f"The title is {len(title):,} characters long; at most {MAX_TITLE_CHARS} fit."
        )
    url = _clean_url(draft.url)
    local_path = _clean_path(draft.local_path, check_file)
    if draft.kind not in RESOURCE_KINDS:
        raise UserFacingError(
            f"Unknown kind {draft.kind!r}; use one of: {', '.join(KIND_LABELS.values())}."
        )
    if draft.status not in RESOURCE_STATUSES:
        raise UserFacingError(
            f"Unknown status {draft.status!r}; use one of: {', '.join(STATUS_LABELS.values())}."
        )
    cost = draft.cost or None
    if cost is not None and cost not in COSTS:
        raise UserFacingError(f"The cost must be free or paid, not {cost!r}.")
    rating = draft.rating
    if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= MAX_RATING:
        raise UserFacingError(f"The rating must be a whole number from 0 to {MAX_RATING}.")
    author = " ".join(draft.author.split())
    if len(author) > MAX_AUTHOR_CHARS:
        raise UserFacingError(f"The author is longer than {MAX_AUTHOR_CHARS} characters.")
    tags = clean_tags(draft.tags)
    if len(tags) > MAX_TAGS:
        raise UserFacingError(f"A resource can have at most {MAX_TAGS} tags.")
    if len(draft.note_md) > MAX_NOTE_CHARS:
        raise UserFacingError(
            f"The note is longer than {MAX_NOTE_CHARS:,} characters; shorten it to save."
        )
    return ResourceDraft(
        title=title,
        url=url,
        local_path=local_path,
        kind=draft.kind,
        author=author,
        cost=cost,
        status=draft.status,
        rating=rating,
        tags=tags,
        note_md=draft.note_md,
    )


def _clean_url(url: str | None) -> str | None:
    text = (url or "").strip()
    if not text:
        return None
    if len(text) > MAX_URL_CHARS:
        raise UserFacingError(f"The link is longer than {MAX_URL_CHARS:,} characters.")
    if not safe_url(text):
        scheme = url_scheme(text)
        if scheme and scheme not in ("http", "https"):
            raise UserFacingError(
                f"Only http:// and https:// links can be saved, not {scheme}: links. "
                "For a file on this computer, choose it as a local file instead."
            )
        raise UserFacingError(
            f"{text[:80]!r} is not a web address; it must start with http:// or https:// "
            "and name a host, without spaces."
        )
    return text


def _clean_path(path: str | None, check_file: bool) -> str | None:
    text = (path or "").strip()
    if not text:
        return None
    if len(text) > MAX_PATH_CHARS or "\x00" in text:
        raise UserFacingError("The local file path is not valid.")
    resolved = Path(text).expanduser()
    if not check_file:
        return str(resolved)
    try:
        exists = resolved.is_file()
    except OSError:
        exists = False
    if not exists:
        raise UserFacingError(f"The file {text} does not exist (or is a folder).")
    return str(resolved.absolute())
