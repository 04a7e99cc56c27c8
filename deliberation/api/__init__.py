"""JSON API v1: one blueprint (blueprint.py); each area adds its routes in its own api module."""
