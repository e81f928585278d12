"""System: liveness and version facts about the running server (action group 1)."""
