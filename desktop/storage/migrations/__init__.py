"""Alembic migrations of the vault schema (one revision per schema change, from the first)."""
