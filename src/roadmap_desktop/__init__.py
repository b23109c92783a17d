"""Roadmap Desktop: an offline study tracker for roadmaps, notes, resources and plans."""

__version__ = "0.1.0"
APP_NAME = "Roadmap Desktop"
APP_ID = "io.github.roadmap_desktop.RoadmapDesktop"
