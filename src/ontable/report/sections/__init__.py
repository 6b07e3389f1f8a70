"""One module per section of the report, each a function ``Context → Section``."""
