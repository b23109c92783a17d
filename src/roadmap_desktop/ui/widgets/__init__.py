"""Widgets, dialogs, icons and the theme shared by every page."""
