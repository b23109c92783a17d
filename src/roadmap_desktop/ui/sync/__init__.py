"""File ▸ Sync Folder…: the sync dialog and (later) the background syncing around it."""
