"""Projects: imported GitHub repositories and their local workspaces.

A project is one repository (``owner/repo``, unique case-insensitively) imported once;
its workspace under ``workspace_root/<owner>/<repo>`` is cloned and later synced by jobs
running the real ``git``, with the credential handed to git through an askpass helper
and the environment only. Every clone-status move (``pending → cloning → ready | error``,
and back through ``cloning`` on a sync) is kept with its reason. Secrets bound to a
project are injected as environment variables into its workspace commands.
"""
