"""Security headers on every response: a strict CSP (no inline script or style), nosniff,
no framing, no referrer leaks, and no caching of anything but sagak's own static files: staff
pages, the staff API and the simulator all answer with personal data."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Only our own files; inline scripts, inline styles, plugins and foreign origins are refused.
# 'self' images and media include case photos and voice notes, served by sagak itself.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "media-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)

STATIC_PREFIX = "/admin/static/"  # CSS, script and icon: no personal data, cacheable

COMMON_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


class SecurityHeaders:
    """ASGI middleware (not BaseHTTPMiddleware, so streamed responses stay streamed)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in COMMON_HEADERS.items():
                    headers.setdefault(name, value)
                # No exemptions: even /api/docs is drawn without a script (routes_docs).
                headers.setdefault("content-security-policy", CONTENT_SECURITY_POLICY)
                # One rule for every route, so a new API route cannot forget it.
                if not path.startswith(STATIC_PREFIX):
                    headers.setdefault("cache-control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)
