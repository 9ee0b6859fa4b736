"""Back-ends with embedded defaults: DuckDB, a SQLAlchemy engine and a Redis client."""

from __future__ import annotations

import os

import duckdb
import fakeredis
import redis
import sqlalchemy
from sqlalchemy.pool import StaticPool

REDIS_URL_VARIABLE = "REDIS_URL"
SQLALCHEMY_URL_VARIABLE = "COURSE_SQLALCHEMY_URL"


# Extensions come only from this (nonexistent) local folder: an `INSTALL` fails at once
# instead of trying the network, which the course's machines do not have.
NO_EXTENSION_REPOSITORY = "/nonexistent/course-duckdb-extensions"


def duckdb_connection(database: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """A DuckDB connection; in memory unless a file path is given. Nothing is downloaded:
    json, parquet and icu are built in, and no other extension is installed or loaded."""
    return duckdb.connect(database, config={
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "custom_extension_repository": NO_EXTENSION_REPOSITORY,
    })


def sqlalchemy_engine(url: str | None = None) -> sqlalchemy.Engine:
    """A SQLAlchemy engine: `url`, else $COURSE_SQLALCHEMY_URL, else an in-memory SQLite.

    The in-memory default shares one connection (StaticPool) so every session sees the
    same tables, as it would with a server.
    """
    url = url or os.environ.get(SQLALCHEMY_URL_VARIABLE) or "sqlite+pysqlite:///:memory:"
    if url.startswith("sqlite") and ":memory:" in url:
        return sqlalchemy.create_engine(
            url, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    return sqlalchemy.create_engine(url)


def redis_client(url: str | None = None) -> redis.Redis:
    """A Redis client that returns `str`: a real server at `url` or $REDIS_URL, else fakeredis.

    fakeredis speaks the same protocol in-process (Lua scripts included), so a notebook runs
    unchanged against a real `redis-server` once REDIS_URL points at it.
    """
    url = url or os.environ.get(REDIS_URL_VARIABLE)
    if url:
        client = redis.Redis.from_url(url, decode_responses=True)
        client.ping()  # fail here, with the URL in the message, not in the middle of an exercise
        return client
    return fakeredis.FakeRedis(server=fakeredis.FakeServer(), decode_responses=True)


def describe_redis(client: redis.Redis) -> str:
    """Which Redis a client talks to, for the setup cell's message."""
    if isinstance(client, fakeredis.FakeRedis):
        return "fakeredis (in-process)"
    kwargs = client.connection_pool.connection_kwargs
    if "path" in kwargs:  # a unix:// URL
        return f"redis-server at unix:{kwargs['path']}"
    return f"redis-server at {kwargs.get('host', '?')}:{kwargs.get('port', '?')}"
