"""Security events: logger ``jidocode.security``, one line per event, never a secret.

What an operator (or an alerting rule) watches for, each under a fixed ``security``
field so lines can be selected without parsing messages:

========================  =======  ==============================================
event                     level    when
========================  =======  ==============================================
``signin_failed``         WARNING  a wrong email or password (sign-in), or a wrong
                                   current password (password change)
``signin_throttled``      WARNING  an attempt refused because of earlier failures
``webhook_refused``       WARNING  a delivery's headers or signature were refused
``webhook_throttled``     WARNING  a delivery refused because its client failed
                                   too often
``credential_created``    INFO     a session, bearer token or API key was issued
``credential_revoked``    INFO     one was revoked (sign-out, revoke, password
                                   change)
``password_changed``      INFO     the owner's password was changed
========================  =======  ==============================================

Callers pass identifiers only (credential ids, kinds, client addresses, reasons), never
a password, token, key, signature or attempted email (which is sometimes a password).
A line written while an HTTP request is handled carries its ``request_id``.
"""

from __future__ import annotations

import logging

from rpc.logs import REQUEST_ID

SECURITY = logging.getLogger("jidocode.security")

Field = str | int | None


def security_event(name: str, /, *, level: int = logging.WARNING, **fields: Field) -> None:
    """Write one security line: event ``name`` as message and ``security`` field,
    ``fields`` as structured members (and the current request's id)."""
    extra: dict[str, Field] = {"security": name, **fields}
    if "request_id" not in extra:
        extra["request_id"] = REQUEST_ID.get()
    SECURITY.log(level, name, extra=extra)


def credential_created(kind: str, credential_id: object, **fields: Field) -> None:
    """A session, bearer token or API key was issued (its id, never its secret)."""
    security_event(
        "credential_created",
        level=logging.INFO,
        credential=kind,
        credential_id=str(credential_id),
        **fields,
    )


def credential_revoked(kind: str, credential_id: object | None, **fields: Field) -> None:
    """A credential (or, with ``credential_id=None``, several) was revoked."""
    security_event(
        "credential_revoked",
        level=logging.INFO,
        credential=kind,
        credential_id=None if credential_id is None else str(credential_id),
        **fields,
    )
