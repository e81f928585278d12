"""The operator console: its serving, and its stories in a real browser (Debian chromium)."""
