"""Use cases. Qt-free; one unit of work per call; plain read models out, never ORM rows."""
