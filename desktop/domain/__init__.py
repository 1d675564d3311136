"""Pure domain: value types, enumerations and rules. No I/O, no framework imports."""
