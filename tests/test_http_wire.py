"""course.http_wire: loopback servers that count connections, TLS for localhost, strict parsing."""

from __future__ import annotations

import http.client
import socket
import ssl
from http.server import BaseHTTPRequestHandler

import pytest
import trustme

from course.http_wire import (
    TIMEOUT,
    HelloHandler,
    read_response,
    recv_until_closed,
    serve,
    tls_server_context,
)


class KeepAlive(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        body = self.path.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Broken(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        raise RuntimeError("a bug in the handler")


def get_twice(port: int) -> list[bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    bodies = []
    for path in ("/a", "/b"):
        connection.request("GET", path)
        bodies.append(connection.getresponse().read())
    connection.close()
    return bodies


def test_serve_counts_one_connection_for_a_keep_alive_handler():
    with serve(KeepAlive) as server:
        assert get_twice(server.port) == [b"/a", b"/b"]
        assert server.accepted == 1


def test_serve_counts_a_connection_per_request_for_an_http10_handler():
    with serve(HelloHandler) as server:
        assert get_twice(server.port) == [b"hello, you asked for /a", b"hello, you asked for /b"]
        assert server.accepted == 2


def test_serve_listens_on_loopback_only_and_stops_at_the_end_of_the_block():
    with serve(HelloHandler) as server:
        host, port = server.server_address[:2]
    assert host == "127.0.0.1"
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT).close()


def test_serve_keeps_handler_logs_and_errors_off_stderr(capfd):
    with serve(Broken) as server, pytest.raises(http.client.RemoteDisconnected):
        get_twice(server.port)
    assert "a bug in the handler" in server.errors[0]
    assert capfd.readouterr().err == ""


def test_tls_server_context_is_trusted_for_its_hostname_and_only_for_it():
    ca = trustme.CA()
    client = ssl.create_default_context(cadata=ca.cert_pem.bytes().decode())
    with serve(HelloHandler, ssl_context=tls_server_context(ca, "localhost")) as server:
        for name, fails in (("localhost", False), ("example.com", True)):
            raw = socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT)
            if fails:
                with pytest.raises(ssl.SSLCertVerificationError):
                    client.wrap_socket(raw, server_hostname=name)
                raw.close()
                continue
            with client.wrap_socket(raw, server_hostname=name) as tls:
                tls.sendall(b"GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n")
                assert read_response(recv_until_closed(tls))["body"] == b"hello, you asked for /x"


def test_read_response_frames_the_body_by_content_length_and_returns_the_rest():
    data = b"HTTP/1.1 200 OK\r\nContent-LENGTH: 5\r\nX-A:  b \r\n\r\ncaf\xc3\xa9HTTP/1.1 204"
    assert read_response(data) == {
        "status_line": "HTTP/1.1 200 OK",
        "headers": [("content-length", "5"), ("x-a", "b")],
        "body": "café".encode(), "rest": b"HTTP/1.1 204"}


@pytest.mark.parametrize("data", [
    b"HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n",            # a bare LF
    b"HTTP/1.1 200 OK\r\n\r\n",                                # no Content-Length
    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok",
    b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nshort",      # fewer bytes than announced
    b"HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok",        # space before the colon
    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n",               # no empty line
])
def test_read_response_rejects_what_a_strict_client_would_not_frame(data):
    with pytest.raises(ValueError):
        read_response(data)


def test_recv_until_closed_returns_everything_the_peer_sent_before_closing():
    left, right = socket.socketpair()
    with left, right:
        left.settimeout(TIMEOUT)
        right.sendall(b"x" * 50_000)
        right.shutdown(socket.SHUT_WR)
        assert recv_until_closed(left) == b"x" * 50_000
