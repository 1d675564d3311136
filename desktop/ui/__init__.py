"""The Qt user interface (PySide6 only here): main window, pages, dialogs, models, tasks."""
