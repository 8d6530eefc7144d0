"""Database URL resolution: --db, then $EDUREPORTS_DATABASE_URL, then a file here."""

from __future__ import annotations

import os

ENV_VAR = "EDUREPORTS_DATABASE_URL"
DEFAULT_URL = "sqlite:///edureports.db"


def resolve_url(option: str | None) -> str:
    url = option or os.environ.get(ENV_VAR) or DEFAULT_URL
    if url.startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the PostgreSQL driver; accept the plain libpq-style URL too.
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url
