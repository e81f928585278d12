"""Credential resolution (DESIGN §8): session cookie, bearer token, API key.

- ``Authorization: Bearer jck_…`` is an API key, ``Authorization: Bearer jct_…`` a bearer
  token from ``accounts.sign_in``. A request with an ``Authorization`` header is judged
  by it alone; a session cookie next to it is ignored.
- Otherwise the ``jidocode_session`` cookie is a session token. Cookies ride along on
  requests other sites make, so a cookie request must prove it comes from our own pages:
  ``Sec-Fetch-Site: same-origin|none`` or an ``Origin`` equal to the server's origin
  (``settings.public_origin``, else ``scheme://Host``). Whichever of the two headers is
  present must pass; at least one must be present. A request other than GET must also be
  ``Content-Type: application/json`` (a cross-site form cannot send it without a CORS
  preflight, which we never grant); a GET cannot carry it (a browser's ``EventSource``
  on ``GET /events`` sends no body) and changes nothing, so it is judged by the origin
  rule alone. ``Origin: null``, ``cross-site`` and ``same-site`` (another subdomain) are
  refused with ``forbidden`` (1003) before the token is looked up.

Every resolution reads the database (no cache beyond the one HTTP request), so a
revocation takes effect at once in every server process.
"""

from __future__ import annotations

from domains.accounts import service
from domains.accounts.keys import API_KEY_PREFIX
from rpc.context import (
    CredentialRequest,
    HttpExchange,
    Principal,
    ResponseCookie,
    Runtime,
)
from rpc.contract import AuthMode
from rpc.errors import Forbidden, Unauthenticated
from rpc.settings import Settings

SESSION_COOKIE = "jidocode_session"
_ALLOWED_FETCH_SITES = frozenset({"same-origin", "none"})


def expected_origin(settings: Settings, request: CredentialRequest) -> str:
    """The origin our own pages are served from."""
    if settings.public_origin:
        return settings.public_origin.strip().rstrip("/").lower()
    return f"{request.scheme}://{request.host}".lower()


def cookie_refusal(settings: Settings, request: CredentialRequest) -> str | None:
    """Why a cookie-authenticated request is refused, or ``None`` when it may proceed."""
    if request.http_method != "GET":
        content_type = request.headers.get("Content-Type", "")
        if content_type.split(";", 1)[0].strip().lower() != "application/json":
            return "a session request must be sent as application/json"
    fetch_site = request.headers.get("Sec-Fetch-Site")
    origin = request.headers.get("Origin")
    if fetch_site is None and origin is None:
        return "a session request must carry Origin or Sec-Fetch-Site"
    if fetch_site is not None and fetch_site.strip().lower() not in _ALLOWED_FETCH_SITES:
        return "a session request must come from the server's own origin"
    if origin is not None and origin.strip().rstrip("/").lower() != expected_origin(
        settings, request
    ):
        return "a session request must come from the server's own origin"
    return None


class AccountsCredentialResolver:
    """Turns a request's cookie or ``Authorization`` header into the owner's principal."""

    async def resolve(self, runtime: Runtime, request: CredentialRequest) -> Principal | None:
        """Resolve once per HTTP request; see the module docstring for the rules."""
        authorization = request.headers.get("Authorization")
        if authorization is not None:
            scheme, _, credential = authorization.strip().partition(" ")
            credential = credential.strip()
            if scheme.lower() != "bearer" or not credential:
                raise Unauthenticated()
            mode: AuthMode = "api_key" if credential.startswith(API_KEY_PREFIX) else "token"
            return await service.authenticate(runtime.db, secret=credential, mode=mode)
        cookie = request.cookies.get(SESSION_COOKIE)
        if not cookie:
            return None
        refusal = cookie_refusal(runtime.settings, request)
        if refusal is not None:
            raise Forbidden(reason=refusal)
        return await service.authenticate(runtime.db, secret=cookie, mode="session")


def set_session_cookie(http: HttpExchange, settings: Settings, token: str) -> None:
    """Ask the HTTP edge to set the session cookie (``Secure`` in production)."""
    http.set_cookie(
        ResponseCookie(
            name=SESSION_COOKIE,
            value=token,
            max_age=settings.session_ttl_s,
            secure=settings.production,
        )
    )


def clear_session_cookie(http: HttpExchange, settings: Settings) -> None:
    """Ask the HTTP edge to delete the session cookie."""
    http.set_cookie(
        ResponseCookie(name=SESSION_COOKIE, value="", max_age=0, secure=settings.production)
    )
