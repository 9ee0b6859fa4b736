"""Loopback HTTP(S) test servers, a TLS helper and a strict response splitter for notebook 01."""

from __future__ import annotations

import contextlib
import re
import socket
import socketserver
import ssl
import threading
import traceback
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import trustme

TIMEOUT = 2.0  # seconds: every socket these helpers open gives up after this long
_DIGITS = re.compile(r"[0-9]+")


class LoopbackServer(ThreadingHTTPServer):
    """An HTTP server on 127.0.0.1 (a free port) that counts the TCP connections it accepts.

    Handler output never reaches stderr (a Jupyter test cell with stderr output scores 0):
    request logs are dropped, and errors raised by a handler are kept in `errors` instead.
    """

    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler],
                 ssl_context: ssl.SSLContext | None = None, timeout: float = TIMEOUT) -> None:
        self.accepted = 0
        self.errors: list[str] = []
        self._ssl_context = ssl_context
        self._timeout = timeout
        self._count_lock = threading.Lock()
        quiet = type(handler.__name__, (handler,), {"log_message": _no_log})
        super().__init__(("127.0.0.1", 0), quiet)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def server_bind(self) -> None:  # HTTPServer's version does a reverse DNS lookup: skip it
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "localhost", self.port

    def get_request(self) -> tuple[socket.socket, Any]:
        conn, address = self.socket.accept()
        with self._count_lock:
            self.accepted += 1
        conn.settimeout(self._timeout)
        if self._ssl_context is not None:  # a failed handshake raises OSError: socketserver
            conn = self._ssl_context.wrap_socket(conn, server_side=True)  # drops that client
        return conn, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        self.errors.append(traceback.format_exc(limit=-3))


def _no_log(handler: BaseHTTPRequestHandler, format: str, *args: Any) -> None:
    return None


@contextlib.contextmanager
def serve(handler: type[BaseHTTPRequestHandler], *, ssl_context: ssl.SSLContext | None = None,
          timeout: float = TIMEOUT) -> Iterator[LoopbackServer]:
    """Run `handler` on 127.0.0.1 in a daemon thread for the `with` block, then shut it down.

    with serve(MyHandler) as server:
        http.client.HTTPConnection("127.0.0.1", server.port, timeout=2)
        ...
        server.accepted   # TCP connections accepted so far
    """
    server = LoopbackServer(handler, ssl_context, timeout)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                              name=f"serve-{server.port}", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout)


class HelloHandler(BaseHTTPRequestHandler):
    """GET any path -> 200 'hello, you asked for <path>' (HTTP/1.0: one request per connection)."""

    def do_GET(self) -> None:
        body = f"hello, you asked for {self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def tls_server_context(ca: trustme.CA, hostname: str = "localhost") -> ssl.SSLContext:
    """A server-side TLS context presenting a certificate for `hostname` issued by `ca`."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(hostname).configure_cert(context)
    return context


def read_response(data: bytes) -> dict[str, Any]:
    """Split the first HTTP response off `data`, strictly: CRLF line ends, one Content-Length.

    Returns {'status_line': str, 'headers': [(lower-case name, value), ...] in order,
    'body': bytes (exactly Content-Length of them), 'rest': bytes after the body}.
    Raises ValueError for anything else: bare LF, a header line without a colon, a missing or
    repeated Content-Length, a body shorter than announced.
    """
    head, blank, after = data.partition(b"\r\n\r\n")
    if not blank:
        raise ValueError("the response head does not end with an empty line (CRLF CRLF)")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    if "\n" in head.decode("latin-1").replace("\r\n", ""):
        raise ValueError("a line of the response head ends with a bare LF, not CRLF")
    headers = []
    for line in lines:
        name, colon, value = line.partition(":")
        if not colon or not name or name != name.strip():
            raise ValueError(f"not a header line: {line!r}")
        headers.append((name.lower(), value.strip(" \t")))
    lengths = [value for name, value in headers if name == "content-length"]
    if len(lengths) != 1 or not _DIGITS.fullmatch(lengths[0]):
        raise ValueError(f"expected one Content-Length header with a number, got {lengths}")
    length = int(lengths[0])
    if len(after) < length:
        raise ValueError(f"Content-Length is {length} but only {len(after)} bytes follow")
    return {"status_line": status_line, "headers": headers,
            "body": after[:length], "rest": after[length:]}


def recv_until_closed(sock: socket.socket, limit: int = 1 << 20) -> bytes:
    """Every byte `sock` receives until the peer closes it (TimeoutError after its timeout)."""
    chunks = []
    while sum(map(len, chunks)) < limit:
        chunk = sock.recv(65_536)
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)
