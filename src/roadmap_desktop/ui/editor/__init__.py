"""The roadmap editor and curriculum import dialogs."""
