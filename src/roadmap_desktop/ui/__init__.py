"""The PySide6 user interface: thin views over the services, refreshed by one change signal."""
