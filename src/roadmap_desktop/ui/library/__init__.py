"""The Library page: resource table, filters, details and imports."""
