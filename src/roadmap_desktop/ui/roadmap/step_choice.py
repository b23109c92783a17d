"""The step pane's "choose one of" bar: the group's options, the pick, and Choose This One."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from roadmap_desktop.services.snapshots import GroupRow

BAR_CSS = """
#choice_bar { border: 1px solid palette(mid); border-radius: 4px;
              background: palette(alternate-base); }
QToolButton { border: 1px solid palette(mid); border-radius: 4px; padding: 3px 10px;
              background: palette(button); }
QToolButton:hover { border-color: palette(highlight); }
QToolButton:disabled { color: palette(placeholder-text); }
"""


def choice_text(group: GroupRow, key: str) -> str:
    """Rich text: "One of N: A · B · C", the shown option bold, the chosen one marked ✓; each
    other option a link to it."""
    parts = []
    for option, title in group.options:
        label = escape(title) + (" ✓" if option == group.picked else "")
        link = f'<a href="{escape(option)}">{label}</a>'
        parts.append(f"<b>{label}</b>" if option == key else link)
    head = f"<b>{escape(group.title)}</b> · one of {len(group.options)}: "
    if group.picked is None:
        tail = "<br><i>Not chosen yet: counted once, as the option you work on.</i>"
    elif group.picked == key:
        tail = "<br>Your choice: the other options are kept but not counted."
    else:
        chosen = next(t for k, t in group.options if k == group.picked)
        tail = f"<br><i>Not chosen: you chose {escape(chosen)}. This step is not counted.</i>"
    return head + " · ".join(parts) + tail


class ChoiceBar(QFrame):
    """Shown above a step's guide when the step is an option of a group."""

    option_activated = Signal(str)  # a step key: show that option
    choose_requested = Signal()  # until the page binds the button to the registry's command

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("choice_bar")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAccessibleName("Choose one of")
        self.label.linkActivated.connect(self.option_activated.emit)
        self.choose_button = QToolButton()
        self.choose_button.setText("Choose This One")
        self.choose_button.setToolTip("Count this option for the group; the others stay, dimmed")
        self.choose_button.clicked.connect(self.choose_requested.emit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 8, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setStyleSheet(BAR_CSS)
        self.hide()

    def show_group(self, group: GroupRow | None, key: str) -> None:
        """Show the step's group (hide the bar for a step in no group)."""
        if group is None:
            self.hide()
            return
        self.label.setText(choice_text(group, key))
        chosen = group.picked == key
        self.choose_button.setEnabled(not chosen)
        self.choose_button.setText("Your Choice" if chosen else "Choose This One")
        self.show()
