"""Helpers shared by tests at several levels."""
