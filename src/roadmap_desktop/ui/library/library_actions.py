"""Library actions shared by the Library page and the step detail pane: open, add with links,
edit, and unlink a resource, each as undoable service commands."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from roadmap_desktop.services import library as lib
from roadmap_desktop.ui.commands import push
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.library.resource_dialog import ResourceDialog


class LibraryServices:
    """What the resource dialog needs from the services, bound to one context."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def validate(self, draft: Any) -> Any:
        return lib.validate_draft(draft)

    def make_draft(self, **fields: Any) -> Any:
        return lib.ResourceDraft(**fields)

    def find_duplicate(self, url: str, exclude_id: int | None) -> Any:
        return self.ctx.read(lib.find_duplicate, url, exclude_id)

    def search_steps(self, text: str) -> list[Any]:
        return self.ctx.read(lib.search_steps, text)


def open_resource(parent: QWidget, ctx: AppContext, row: Any) -> bool:
    """Open a resource: web links in the browser, local files after a one-time confirmation."""
    if row.url:
        if QUrl(row.url).scheme().lower() in ("http", "https"):
            return QDesktopServices.openUrl(QUrl(row.url))
        return False
    if row.local_path:
        confirmed = ctx.settings.confirmed_files()
        if row.local_path not in confirmed:
            answer = QMessageBox.question(
                parent,
                "Open File",
                f"Open this file with its default program?\n\n{row.local_path}\n\n"
                "You will not be asked again for this file.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
            ctx.settings.confirm_file(row.local_path)
        return QDesktopServices.openUrl(QUrl.fromLocalFile(row.local_path))
    return False


def add_with_links(ctx: AppContext, draft: Any, links: list[Any]) -> int | None:
    """Add a resource and link it to steps, as one undo step."""
    first, rest = (links[0], links[1:]) if links else (None, [])

    def do(db: Any) -> tuple[Any, Any]:
        rid, change = lib.add_resource(db, draft, first)
        for ref in rest:
            lib.link_step(db, rid, ref.roadmap_id, ref.step_key)
        return rid, change

    def undo(db: Any, rid: int) -> Any:
        return lib.delete_resources(db, [rid])[1]

    command = push(ctx, f"Add “{draft.title}”", do, undo)
    return None if command.failed else command.memo


def edit_resource(
    parent: QWidget, ctx: AppContext, services: LibraryServices, resource_id: int
) -> None:
    """Open the dialog for an existing resource and apply the changes as one undo step."""
    detail = ctx.read(lib.resource_detail, resource_id)
    answer = ResourceDialog.ask(
        parent,
        draft=detail.draft,
        links=list(detail.linked_steps),
        services=services,
        resource_id=resource_id,
    )
    if answer is None or answer[0] != "save":
        return
    _, draft, links = answer
    before = {(s.roadmap_id, s.step_key) for s in detail.linked_steps}
    after = {(s.roadmap_id, s.step_key) for s in links}
    ctx.undo_stack.beginMacro(f"Edit “{draft.title}”")
    push(
        ctx,
        "edit",
        lambda db: lib.update_resource(db, resource_id, draft),
        lambda db, old: lib.update_resource(db, resource_id, old, finished_at=detail.finished_at)[
            1
        ],
    )
    for roadmap_id, key in after - before:
        _push_link(ctx, resource_id, roadmap_id, key, link=True)
    for roadmap_id, key in before - after:
        _push_link(ctx, resource_id, roadmap_id, key, link=False)
    ctx.undo_stack.endMacro()


def _push_link(ctx: AppContext, resource_id: int, roadmap_id: int, key: str, *, link: bool) -> None:
    """Link (or unlink) a resource and a step as an undoable command."""
    if not link:
        push_unlink(ctx, resource_id, roadmap_id, key)
        return
    push(
        ctx,
        "link",
        lambda db: (None, lib.link_step(db, resource_id, roadmap_id, key)),
        lambda db, _memo: lib.unlink_step(db, resource_id, roadmap_id, key),
    )


def push_unlink(ctx: AppContext, resource_id: int, roadmap_id: int, key: str) -> None:
    """Unlink a resource from a step; undo puts the link back exactly (position, origin)."""

    def do(db: Any) -> tuple[Any, Any]:
        link = next(
            x
            for x in lib.step_links(db, resource_id)
            if (x.roadmap_id, x.step_key) == (roadmap_id, key)
        )
        return link, lib.unlink_step(db, resource_id, roadmap_id, key)

    push(ctx, "Unlink resource", do, lambda db, link: lib.restore_link(db, resource_id, link))
