"""Exchange formats (iCalendar, XLSX, encrypted hand-over packages)."""
