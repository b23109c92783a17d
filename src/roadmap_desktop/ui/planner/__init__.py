"""The Planner page: week columns, backlog, plan blocks and the study timer."""
