"""Assemblies: the base text, phases, deadlines and chairs."""
