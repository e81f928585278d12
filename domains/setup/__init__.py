"""Setup: instance configuration and the eight-step onboarding, provider credentials, and
sealed secrets with their audit trail (action group 1). It owns the ``system_config``
singleton, ``provider_credentials``, ``secret_refs`` and ``secret_audits``; at start-up it teaches
the runtime's redactor every stored secret and loads the sealing-intake key pair; and it
exports the secret functions other domains use through ``domains.setup.service``.
"""
