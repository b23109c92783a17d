"""The Stats page: year heatmap, weekly hours, progress against plan, forecast and streaks."""
