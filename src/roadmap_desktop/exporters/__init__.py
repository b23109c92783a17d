"""Exporters: write the learner's data to other formats (Qt-free)."""
