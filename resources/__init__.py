"""Resources shipped with the program (seed data, icons); installed as ``desktop.resources``."""
