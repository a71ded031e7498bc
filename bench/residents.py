"""A resident's browser, reduced to what the durability test and the load bench need:
cookies, GET a form, POST it back with its hidden fields (CSRF, one-time token), no JS."""
from __future__ import annotations

import http.client
import re
import urllib.parse
from http.cookies import SimpleCookie

INPUT = re.compile(r"<input\b[^>]*>", re.I)
ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def hidden_fields(html: str) -> dict[str, str]:
    fields = {}
    for tag in INPUT.findall(html):
        attrs = dict(ATTR.findall(tag))
        if attrs.get("type") == "hidden" and "name" in attrs:
            fields[attrs["name"]] = attrs.get("value", "")
    return fields


class Resident:
    def __init__(self, host: str, port: int, timeout: float = 10):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}

    def _request(self, method: str, path: str, body: str | None = None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers.get("Location", ""), data
        finally:
            conn.close()

    def submit(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        """GET the form, POST it with its hidden fields plus ``fields``: (status, location)."""
        status, _location, html = self._request("GET", path)
        if status != 200:
            return status, ""
        data = hidden_fields(html) | fields
        status, location, _body = self._request("POST", path, urllib.parse.urlencode(data))
        return status, location


def acknowledged(status: int) -> bool:
    """The server said it stored the answer: a redirect after POST (or 201). A 200 is the
    form shown again (errors), not an acknowledgement."""
    return status in (201, 302, 303)
