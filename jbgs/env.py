"""Strict readers for settings that come from the environment.

A value that is present but malformed is an error at start-up, never a silent default:
a typo in production must stop the process, not run it half-configured.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines (as written by the run command); missing file means no values."""
    if not path.is_file():
        return {}
    pairs = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            pairs[key.strip()] = value.strip()
    return pairs


class Env:
    def __init__(
        self, environ: dict[str, str] | None = None, fallback: dict[str, str] | None = None
    ):
        self.environ = os.environ if environ is None else environ
        self.fallback = fallback or {}

    def raw(self, name: str) -> str | None:
        value = self.environ.get(name)
        if value is None or value == "":
            value = self.fallback.get(name)
        return value if value not in (None, "") else None

    def str(self, name: str, default: str | None = None) -> str | None:
        value = self.raw(name)
        return default if value is None else value

    def bool(self, name: str, default: bool) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}")

    def int(self, name: str, default: int) -> int:
        value = self.raw(name)
        if value is None:
            return default
        try:
            return int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None

    def list(self, name: str, default: list[str] | None = None) -> list[str]:
        value = self.raw(name)
        if value is None:
            return list(default or [])
        return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Django DATABASES entry from postgres://user:password@host:port/name?options.

    Only PostgreSQL is accepted: the bidding locks, full-text search and trigram indexes
    the portal relies on exist nowhere else.
    """
    parts = urlparse(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ImproperlyConfigured(
            f"DATABASE_URL must be a postgres:// URL (PostgreSQL is the only engine), not {parts.scheme!r}"
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL names no database")
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    host = options.pop("host", None) or unquote(parts.hostname or "")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
    }


def redis_url_ok(url: str) -> str:
    if urlparse(url).scheme not in ("redis", "rediss", "unix"):
        raise ImproperlyConfigured(f"REDIS_URL must be a redis:// URL, not {url!r}")
    return url
