"""Setup: instance configuration and the eight-step onboarding, provider credentials, and
sealed secrets with their audit trail (action group 1). It owns the ``system_config``
singleton, ``provider_credentials``, ``secret_refs`` and ``secret_audits``; provides the
``KeyRing``, the ``Redactor`` and the sealing-intake key pair as runtime components; and
exports the secret functions other domains use through ``domains.setup.service``.
"""
