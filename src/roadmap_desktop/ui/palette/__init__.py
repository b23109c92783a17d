"""The Ctrl+K palette: search everything and run any command from one line."""
