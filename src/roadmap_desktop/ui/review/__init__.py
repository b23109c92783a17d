"""The Review page, card dialogs and the step Questions section."""
