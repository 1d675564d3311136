"""`python -m desktop` runs the command line (default: the desktop program)."""

from desktop.cli import main

raise SystemExit(main())
