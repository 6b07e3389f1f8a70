"""Built-in cases shipped with ontable (one folder each)."""
