"""course.backends: DuckDB without downloads, SQLAlchemy defaults, Redis real or fake."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from urllib.parse import urlparse

import duckdb
import fakeredis
import pytest
import redis
import sqlalchemy
from sqlalchemy.pool import StaticPool

from course.backends import (
    REDIS_URL_VARIABLE,
    SQLALCHEMY_URL_VARIABLE,
    describe_redis,
    duckdb_connection,
    redis_client,
    sqlalchemy_engine,
)

# --- DuckDB --------------------------------------------------------------------------------


def test_duckdb_connection_runs_queries_in_memory():
    con = duckdb_connection()
    assert con.execute("SELECT 40 + 2").fetchone() == (42,)
    assert con.execute("SELECT current_database()").fetchone() == ("memory",)


def test_duckdb_connections_in_memory_are_independent():
    first, second = duckdb_connection(), duckdb_connection()
    first.execute("CREATE TABLE t (x INTEGER)")
    with pytest.raises(duckdb.CatalogException):
        second.execute("SELECT * FROM t")


def test_duckdb_connection_to_a_file_persists(tmp_path):
    path = str(tmp_path / "shop.duckdb")
    con = duckdb_connection(path)
    con.execute("CREATE TABLE t AS SELECT 7 AS x")
    con.close()
    assert duckdb_connection(path).execute("SELECT x FROM t").fetchone() == (7,)


def test_duckdb_extension_autoinstall_and_autoload_are_off():
    row = duckdb_connection().execute(
        "SELECT current_setting('autoinstall_known_extensions'), "
        "current_setting('autoload_known_extensions')").fetchone()
    assert row == (False, False)


def test_duckdb_remote_file_fails_fast_instead_of_downloading_httpfs(tmp_path):
    # With DuckDB's defaults this query tries to download httpfs (seconds, needs network);
    # the course connection refuses at once and installs nothing.
    con = duckdb_connection()
    con.execute(f"SET extension_directory = '{tmp_path}'")
    started = time.monotonic()
    with pytest.raises(duckdb.Error, match="requires the extension httpfs to be loaded"):
        con.execute("SELECT * FROM read_csv('https://example.invalid/products.csv')")
    assert time.monotonic() - started < 5
    assert list(tmp_path.rglob("*.duckdb_extension*")) == []


def test_duckdb_load_of_an_uninstalled_extension_fails_fast_without_installing(tmp_path):
    con = duckdb_connection()
    con.execute(f"SET extension_directory = '{tmp_path}'")
    started = time.monotonic()
    with pytest.raises(duckdb.IOException, match="not found"):
        con.execute("LOAD httpfs")
    assert time.monotonic() - started < 5
    assert list(tmp_path.rglob("*.duckdb_extension*")) == []


def test_duckdb_install_fails_at_once_instead_of_trying_the_network(tmp_path):
    con = duckdb_connection()
    con.execute(f"SET extension_directory = '{tmp_path}'")
    started = time.monotonic()
    with pytest.raises(duckdb.IOException, match="course-duckdb-extensions"):
        con.execute("INSTALL httpfs")
    assert time.monotonic() - started < 1
    assert list(tmp_path.rglob("*.duckdb_extension*")) == []


def test_duckdb_builtin_json_works_without_any_install():
    row = duckdb_connection().execute("""SELECT '{"sku": 42}'::JSON ->> 'sku'""").fetchone()
    assert row == ("42",)


# --- SQLAlchemy ----------------------------------------------------------------------------


@pytest.fixture
def no_sqlalchemy_url(monkeypatch):
    monkeypatch.delenv(SQLALCHEMY_URL_VARIABLE, raising=False)


def test_default_engine_is_in_memory_sqlite(no_sqlalchemy_url):
    engine = sqlalchemy_engine()
    assert engine.dialect.name == "sqlite"
    assert engine.url.database == ":memory:"
    assert isinstance(engine.pool, StaticPool)


def test_default_engine_shares_tables_between_connections_and_threads(no_sqlalchemy_url):
    engine = sqlalchemy_engine()
    with engine.begin() as conn:
        conn.execute(sqlalchemy.text("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)"))
        conn.execute(sqlalchemy.text("INSERT INTO items VALUES (1, 'lamp'), (2, 'kettle')"))
    with engine.connect() as conn:
        assert conn.execute(sqlalchemy.text("SELECT count(*) FROM items")).scalar() == 2

    # A plain in-memory SQLite engine gives each thread its own empty database;
    # this one must not.
    seen: list[object] = []

    def read_in_another_thread() -> None:
        try:
            with engine.connect() as conn:
                seen.append(conn.execute(
                    sqlalchemy.text("SELECT name FROM items ORDER BY id")).scalars().all())
        except Exception as error:  # reported below, in the test's thread
            seen.append(error)

    thread = threading.Thread(target=read_in_another_thread)
    thread.start()
    thread.join()
    assert seen == [["lamp", "kettle"]]


def test_two_default_engines_do_not_share_tables(no_sqlalchemy_url):
    first, second = sqlalchemy_engine(), sqlalchemy_engine()
    with first.begin() as conn:
        conn.execute(sqlalchemy.text("CREATE TABLE only_here (x INTEGER)"))
    with second.connect() as conn, pytest.raises(sqlalchemy.exc.OperationalError):
        conn.execute(sqlalchemy.text("SELECT * FROM only_here"))


def test_explicit_url_is_used(no_sqlalchemy_url, tmp_path):
    path = tmp_path / "explicit.db"
    engine = sqlalchemy_engine(f"sqlite:///{path}")
    assert engine.url.database == str(path)
    assert not isinstance(engine.pool, StaticPool)
    with engine.begin() as conn:
        conn.execute(sqlalchemy.text("CREATE TABLE t (x INTEGER)"))
    engine.dispose()
    assert path.exists()


def test_environment_variable_is_used_when_no_url_is_given(monkeypatch, tmp_path):
    path = tmp_path / "from_env.db"
    monkeypatch.setenv(SQLALCHEMY_URL_VARIABLE, f"sqlite:///{path}")
    engine = sqlalchemy_engine()
    assert engine.url.database == str(path)
    with engine.begin() as conn:
        conn.execute(sqlalchemy.text("CREATE TABLE t (x INTEGER)"))
    engine.dispose()
    assert path.exists()


def test_explicit_url_wins_over_the_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv(SQLALCHEMY_URL_VARIABLE, f"sqlite:///{tmp_path / 'env.db'}")
    engine = sqlalchemy_engine(f"sqlite:///{tmp_path / 'arg.db'}")
    assert engine.url.database == str(tmp_path / "arg.db")


def test_duckdb_url_works_through_duckdb_engine(no_sqlalchemy_url):
    engine = sqlalchemy_engine("duckdb:///:memory:")
    assert engine.dialect.name == "duckdb"
    with engine.connect() as conn:
        assert conn.execute(sqlalchemy.text("SELECT 6 * 7")).scalar() == 42


# --- Redis ---------------------------------------------------------------------------------


@pytest.fixture
def no_redis_url(monkeypatch):
    monkeypatch.delenv(REDIS_URL_VARIABLE, raising=False)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens here once the socket is closed


def test_redis_client_without_url_is_fakeredis(no_redis_url):
    client = redis_client()
    assert isinstance(client, fakeredis.FakeRedis)
    assert client.ping() is True


def test_fake_redis_client_decodes_responses_to_str(no_redis_url):
    client = redis_client()
    client.set("price:1", 1999)
    client.hset("product:1", mapping={"name": "Lamp", "stock": 3})
    assert client.get("price:1") == "1999"
    assert client.hgetall("product:1") == {"name": "Lamp", "stock": "3"}


def test_each_fake_redis_client_has_its_own_server(no_redis_url):
    first, second = redis_client(), redis_client()
    first.set("k", "v")
    assert first.get("k") == "v"
    assert second.get("k") is None
    assert second.dbsize() == 0


def test_fake_redis_runs_lua_scripts(no_redis_url):
    client = redis_client()
    client.set("n", 5)
    assert client.eval("return redis.call('INCRBY', KEYS[1], ARGV[1])", 1, "n", 2) == 7


def test_describe_redis_names_fakeredis(no_redis_url):
    assert describe_redis(redis_client()) == "fakeredis (in-process)"


def test_bad_redis_url_raises_connection_error_quickly():
    port = closed_port()
    started = time.monotonic()
    with pytest.raises(redis.ConnectionError, match=str(port)):
        redis_client(f"redis://127.0.0.1:{port}/0")
    assert time.monotonic() - started < 5


def test_bad_redis_url_in_the_environment_raises_instead_of_falling_back(monkeypatch):
    port = closed_port()
    monkeypatch.setenv(REDIS_URL_VARIABLE, f"redis://127.0.0.1:{port}/0")
    started = time.monotonic()
    with pytest.raises(redis.ConnectionError):
        redis_client()
    assert time.monotonic() - started < 5


@pytest.mark.real_redis
def test_redis_url_in_the_environment_gives_a_real_client(monkeypatch, redis_url):
    monkeypatch.setenv(REDIS_URL_VARIABLE, redis_url)
    client = redis_client()
    assert type(client) is redis.Redis
    assert not isinstance(client, fakeredis.FakeRedis)
    key = f"course-test:{uuid.uuid4()}"
    try:
        client.set(key, 42, ex=60)
        assert client.get(key) == "42"  # decode_responses=True on the real client too
        assert "redis_version" in client.info("server")
    finally:
        client.delete(key)
        client.close()
    parsed = urlparse(redis_url)
    assert describe_redis(client) == f"redis-server at {parsed.hostname}:{parsed.port or 6379}"


@pytest.mark.real_redis
def test_explicit_redis_url_gives_a_real_client(no_redis_url, redis_url):
    client = redis_client(redis_url)
    assert type(client) is redis.Redis
    assert client.ping() is True
    client.close()
