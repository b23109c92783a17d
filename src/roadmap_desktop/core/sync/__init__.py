"""Sync through a shared folder: clocks, merge rules, journal files and the syncable entities."""
