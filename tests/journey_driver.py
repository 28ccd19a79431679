"""Drive the real journey over HTTP like a browser would (cookies, CSRF tokens, redirects).

Used by the load and log tests against gunicorn, and over HTTPS through nginx by the proxy tests
(`context` trusts the proxy's self-signed certificate); the form posts come from the journey tests'
MALE_POSTS so the driver follows the questionnaire exactly as people fill it in.
"""

from __future__ import annotations

import copy
import html
import http.cookiejar
import re
import ssl
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any

from test_journey_helpers import MALE_POSTS

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Response:
    status: int
    url: str
    body: bytes
    headers: dict[str, str]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Person:
    """One simulated person with their own cookie jar, following redirects like a browser."""

    base: str
    timeout: float = 100.0
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)
    visited: list[str] = field(default_factory=list)
    context: ssl.SSLContext | None = None

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=self.context),
                                                  urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path: str, data: dict[str, Any] | None = None) -> Response:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        return self._send(urllib.request.Request(self.base + path, data=body))  # noqa: S310 - loopback test server

    def _send(self, req: urllib.request.Request) -> Response:
        try:
            with self.opener.open(req, timeout=self.timeout) as resp:
                result = Response(resp.status, resp.geturl(), resp.read(), dict(resp.headers))
        except urllib.error.HTTPError as exc:
            result = Response(exc.code, exc.geturl(), exc.read(), dict(exc.headers))
        self.visited.append(result.url)
        return result

    def upload(self, path: str, field_name: str, filename: str, content: bytes, *, form_page: str = "/") -> Response:
        """POST one file as multipart/form-data with the CSRF token from the page holding the form (Resume)."""
        extra = {"csrf_token": self._token(form_page)}
        boundary = "----journeydriver" + uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in extra.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field_name}"; filename="{filename}"\r\n'
                     f"Content-Type: application/json\r\n\r\n".encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        req = urllib.request.Request(self.base + path, data=body,  # noqa: S310 - loopback test server
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        return self._send(req)

    def get(self, path: str) -> Response:
        return self.request(path)

    def post_form(self, path: str, data: dict[str, Any]) -> Response:
        """GET the page for its CSRF token, then POST the answers (a person pressing Continue)."""
        return self.request(path, {**data, "csrf_token": self._token(path)})

    def _token(self, path: str) -> str:
        page = self.get(path)
        match = _TOKEN.search(page.text)
        if not match:
            raise AssertionError(f"no CSRF token on {path} (status {page.status})")
        return html.unescape(match.group(1))

    def walk(self, posts: dict[str, dict[str, Any]]) -> Response:
        """Answer every page from the first, following the journey's own redirects to check answers."""
        response = self.get("/about-you")
        path = "/about-you"
        for _ in range(40):
            slug = path.strip("/")
            if slug == "check-answers":
                return response
            if slug not in posts:
                raise AssertionError(f"the journey asked {path}, which this person has no answers for")
            response = self.post_form(path, posts[slug])
            if response.status != 200:
                raise AssertionError(f"POST {path} gave {response.status}")
            new_path = urllib.parse.urlparse(response.url).path
            if new_path == path:
                raise AssertionError(f"{path} did not accept the answers: {response.text[:500]}")
            path = new_path
        raise AssertionError("the journey did not reach check answers")


def posts_for(marker: str, age: int) -> dict[str, dict[str, Any]]:
    """The sample person's answers with their own age and a unique marker in their own question."""
    posts = copy.deepcopy(MALE_POSTS)
    posts["about-you"]["age_years"] = str(age)
    posts["your-questions"]["question-1"] = f"Question from {marker}: is it safe to exercise & stretch?"
    return posts
