"""Fallakte RRK: encrypted case files for the Regionale Rückkehrkoordinationsstellen NRW."""

__version__ = "0.1.0"
