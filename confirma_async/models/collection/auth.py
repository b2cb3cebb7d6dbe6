"""The OAuth2 token answer of the collection API's identity provider.

Doc section: claims.md §1.2 "Authentication"; public pages
``docs.riverty.com/back_in_flow/getting_started/authentication`` and
``.../getting_started/client_credentials``. Used by ``collection._auth``.
"""

from __future__ import annotations

from attrs import field, frozen

__all__ = [
    "OAuthToken",
]


@frozen
class OAuthToken:
    """The OAuth2 token endpoint's answer; the token never shows in ``repr``."""

    access_token: str = field(repr=False, metadata={"wire": "access_token"})
    token_type: str | None = field(default=None, metadata={"wire": "token_type"})
    expires_in: int | None = field(default=None, metadata={"wire": "expires_in"})
    scope: str | None = None
