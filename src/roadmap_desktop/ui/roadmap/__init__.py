"""The Roadmap page: timeline, step list and step detail."""
