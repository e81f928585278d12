"""GitHub: the webhook adapter's verified deliveries, the repositories it knows and the
issue bot (issue analyses and the ``issue_triage`` runs they start).

A signed delivery is verified against the repository's (or the instance's) sealed webhook
secret, stored once with its processing job, and processed by a worker; issue events on a
project whose ``github_issue_bot`` is enabled become an analysis and an ``issue_triage``
run, whose steps this domain runs for the step engine (``triage_steps``: the issue read
through the GitHub client, an LLM's triage, research and reply, the keyword analyser
offline) and which posts the reply after approval unless the bot's policy is
``auto_post``. ``pull_request`` deliveries keep the records of the pull requests runs
opened in step with GitHub (closed, merged, reopened, new commits) and, when the
project's ``pr_review_bot`` is enabled, start a ``pr_review`` run (``review_steps``: the
diff read through the GitHub client, an LLM's review, posted as a comment after approval
unless the bot auto-posts). Retention prunes old deliveries and logs.
"""
