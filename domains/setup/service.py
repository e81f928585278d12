"""What other domains use from Setup: sealed secrets, provider credentials (the GitHub
client acting with the stored GitHub credential among them), configuration.

Import from here, not from the service modules, so Setup can rearrange its internals.
"""

from __future__ import annotations

from domains.setup.models import SecretInput, SecretRefView, SystemConfigView
from domains.setup.service_config import get_system_config, workspace_root
from domains.setup.service_github import (
    github_client,
    github_credential,
    github_token,
    refresh_github_token,
)
from domains.setup.service_intake import read_secret_input
from domains.setup.service_onboarding import PROJECT_READY
from domains.setup.service_providers import active_credential, provider_secret
from domains.setup.service_secrets import (
    get_secret_ref,
    reveal_secret,
    reveal_secret_by_name,
    revoke_secret_in,
    store_secret,
)

__all__ = [
    "PROJECT_READY",
    "SecretInput",
    "SecretRefView",
    "SystemConfigView",
    "active_credential",
    "get_secret_ref",
    "get_system_config",
    "github_client",
    "github_credential",
    "github_token",
    "provider_secret",
    "read_secret_input",
    "refresh_github_token",
    "reveal_secret",
    "reveal_secret_by_name",
    "revoke_secret_in",
    "store_secret",
    "workspace_root",
]
