"""Queries and writes per aggregate, on a session handed in by the unit of work."""
