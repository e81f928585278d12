"""GitHub: the webhook adapter's verified deliveries, the repositories it knows and the
issue bot (issue analyses and the ``issue_triage`` runs they start).

A signed delivery is verified against the repository's (or the instance's) sealed webhook
secret, stored once with its processing job, and processed by a worker; issue events on a
project whose ``github_issue_bot`` is enabled become an analysis from an ``IssueAnalyser``
and a run that posts the proposed response through the GitHub client, after approval
unless the bot's policy is ``auto_post``. Retention prunes old deliveries and logs.
"""
