"""Members and local groups: the organisation itself."""
