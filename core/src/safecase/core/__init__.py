"""safecase core."""
