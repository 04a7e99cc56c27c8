"""Demonstration organisation: one assembly's story from proposals to ballot."""
