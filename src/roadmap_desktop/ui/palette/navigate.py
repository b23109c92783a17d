"""What the palette does in the main window: list the registry's commands and open a found
item in place (its roadmap and page, the step, the guide or note scrolled to the match)."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument

from roadmap_desktop.services.search import Field, HitKind, SearchHit
from roadmap_desktop.ui.action_binder import shortcut_text
from roadmap_desktop.ui.actions import COMMANDS, SEPARATE_WINDOW, A, Command, Scope
from roadmap_desktop.ui.palette.palette_model import PaletteEntry

# Not offered in the palette: the palette itself.
_LEFT_OUT = frozenset({A.COMMAND_PALETTE})


def command_name(command: Command) -> str:
    """The command as the palette lists it: its menu, then its name ("Library: Mark Done")."""
    menu = command.menu.rpartition("/")[2].replace("&", "")
    return f"{menu}: {command.name}" if menu else command.name


def palette_entries(window: Any) -> list[PaletteEntry]:
    """Every command of the main window that can run now, as palette entries."""
    binder = window.binder
    entries = []
    for command in COMMANDS:
        if command.id in _LEFT_OUT or command.scope in SEPARATE_WINDOW:
            continue
        if not binder.allowed(command):
            continue
        entries.append(
            PaletteEntry(
                command.id.value,
                command_name(command),
                shortcut_text(command),
                partial(binder.trigger, command.id),
            )
        )
    return entries


def open_hit(window: Any, hit: SearchHit) -> None:
    """Show a found item where it lives: switch roadmap and page, select the step, and scroll
    the guide or the note to the matched word."""
    gone = f"“{hit.title_text}” is no longer there."
    if hit.kind == HitKind.RESOURCE and hit.resource_id is not None:
        window.show_scope(Scope.LIBRARY)
        window.library.select_resource(hit.resource_id)
        if window.library.selected_ids() != [hit.resource_id]:
            window.ctx.message.emit(gone)
        return
    if not hit.roadmap_slug or window.switcher.findData(hit.roadmap_slug) < 0:
        window.ctx.message.emit(gone)  # a recent item whose roadmap was deleted since
        return
    window.show_scope(Scope.ROADMAP)
    page = window.page
    if page.overview is None or page.overview.slug != hit.roadmap_slug:
        window.show_roadmap(hit.roadmap_slug)
    if hit.kind == HitKind.ROADMAP or not hit.step_key:
        return
    if not page.select_step(hit.step_key):
        window.ctx.message.emit(gone)
        return
    if hit.kind == HitKind.CARD and hit.card_id is not None:
        # A found card opens in its step's Questions section, not on the Review page: the
        # learner searched to look at (or fix) that card among its step's guide and notes, and
        # the Review page would turn looking into a graded review that moves its schedule.
        if not reveal_card(page.detail.questions, hit.card_id):
            window.ctx.message.emit(gone)
    elif hit.field == Field.NOTE:
        reveal_in_note(page.detail.notes, hit)
    elif hit.field == Field.GUIDE and hit.match_text:
        reveal_in_guide(page.detail.guide, hit.match_text)
    elif hit.field == Field.TOPIC and hit.match_text:
        reveal_topic(page.detail.topic_view, hit.match_text)
    else:
        page.step_view.setFocus()


def reveal_in_note(notes: Any, hit: SearchHit) -> None:
    """Put the note editor's cursor on the match, selected and scrolled into view."""
    notes.focus_editor()
    editor = notes.editor
    if hit.offset is None:
        return
    cursor = editor.textCursor()
    length = editor.document().characterCount() - 1
    start = max(0, min(hit.offset, length))
    cursor.setPosition(start)
    cursor.setPosition(min(length, start + len(hit.match_text)), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.centerCursor()


def reveal_card(questions: Any, card_id: int) -> bool:
    """Scroll the step's Questions section to the card and focus it, answer still hidden;
    False when the step no longer lists it."""
    for row in questions.rows:
        if row.card.id == card_id:
            questions.scroll_area.ensureWidgetVisible(row)
            row.toggle.setFocus()
            return True
    return False


def reveal_topic(view: Any, word: str) -> None:
    """Make the first checklist topic holding word the current one, scrolled into view."""
    model = view.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if word in str(index.data(Qt.ItemDataRole.DisplayRole) or ""):
            view.setCurrentIndex(index)
            view.scrollTo(index)
            view.setFocus()
            return


def reveal_in_guide(guide: Any, word: str) -> None:
    """Select the first occurrence of word in the rendered guide and scroll to it."""
    cursor = guide.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    guide.setTextCursor(cursor)
    if not guide.find(word, QTextDocument.FindFlag.FindWholeWords):
        guide.find(word)
    guide.setFocus()
