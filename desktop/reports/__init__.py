"""PDF documents with reportlab (letters, case summaries, minutes); takes read models only."""
