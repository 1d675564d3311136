"""ui.pages."""
