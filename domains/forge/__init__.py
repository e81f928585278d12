"""Forge: execution sessions that run shell commands and coding agents in a workspace
(action group 8; DOMAIN.md, Forge; DESIGN §11)."""
