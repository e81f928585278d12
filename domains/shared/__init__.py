"""What several domains use: base errors, ids, the clock and the jobs runtime."""
