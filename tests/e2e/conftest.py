"""End-to-end fixtures: the UI fixtures (a context on a real encrypted vault in tmp_path with
the fast test KDF and an in-memory keyring; the main window; the leftover guard)."""

from tests.ui.conftest import _no_leftovers, make_ctx, open_window  # noqa: F401
