"""The GitHub REST client: an adapter below the domains, not a domain.

It holds the HTTP transport with GitHub's error mapping (``transport``), the typed error
tree (``errors``), ``GitHubClient`` and its calls (``client``), GitHub App JWTs and the
installation tokens they buy (``app_tokens``), and the sealed token cache (``repo``, the
only module here that runs SQL, from ``sql/queries/github_api.sql``).

It imports the framework (``rpc.*``), ``sql.*`` and third-party libraries only, never a
domain, so any domain may use it. It stores no credential: the caller hands one over as a
``GitHubCredential`` (Setup owns the stored ones and builds clients from them).
"""
