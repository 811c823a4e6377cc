"""The HTTP/1.1 server: sockets and bytes only, every decision is the Emulator's.

A ``ThreadingHTTPServer`` with keep-alive, daemon threads, Nagle disabled and a
single buffered write per response. Bodies over :data:`MAX_BODY_BYTES` are
refused without being read. Even malformed HTTP is answered with JSON.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import logging
import socket
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .app import Emulator
from .errors import BadRequestException, ServiceError
from .http_types import HttpRequest, HttpResponse
from .serializer import JSON_CONTENT_TYPE

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4599


class EmulatorHTTPServer(ThreadingHTTPServer):
    """Threaded server that remembers its open connections so ``stop`` can close them."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], emulator: Emulator) -> None:
        self.emulator = emulator
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, RequestHandler)

    @property
    def endpoint_url(self) -> str:
        host, port = self.server_address[:2]
        host = host.decode() if isinstance(host, (bytes, bytearray)) else str(host)
        return f"http://{'[' + host + ']' if ':' in host else host}:{port}"

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up are routine; anything else is logged, never printed."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            log.debug("connection from %s ended: %r", client_address, exc)
        else:
            log.exception("error serving %s", client_address)

    def stop(self) -> None:
        """Stop accepting, close idle keep-alive connections, release the port."""
        self.shutdown()
        with self._connections_lock:
            open_connections = list(self._connections)
        for conn in open_connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self.server_close()


class RequestHandler(BaseHTTPRequestHandler):
    """Reads one request, asks the Emulator, writes its answer."""

    server: EmulatorHTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "chime-proxy-emulator"
    disable_nagle_algorithm = True
    wbufsize = -1  # buffered: status line, headers and body leave in one write
    timeout = 300  # seconds an idle keep-alive connection may stay open

    def version_string(self) -> str:
        return self.server_version

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The ``Date`` header from the emulator's clock (the one timestamps come from),
        as AWS's own: clients tell what happened when by the service's clock."""
        if timestamp is None:
            timestamp = self.server.emulator.store.clock.now().timestamp()
        return email.utils.formatdate(timestamp, usegmt=True)

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self._serve()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_GET  # noqa: N815

    def _serve(self) -> None:
        rejection: ServiceError | None = None
        try:
            body = self._read_body()
        except ServiceError as error:
            rejection, body = error, b""
            self.close_connection = True  # the unread body is still on the socket
        request = HttpRequest(self.command, self.path, dict(self.headers.items()), body)
        response = self.server.emulator.handle(request, rejection)
        if response.drop:
            self.close_connection = True
            return
        self._write(response)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        raw = self.headers.get("Content-Length")
        if raw is None:
            return b""
        raw = raw.strip()
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 20):  # int() takes "-1", "1_0"
            raise BadRequestException("Invalid Content-Length header")
        length = int(raw)
        if length > MAX_BODY_BYTES:
            raise BadRequestException(f"Request body of {length} bytes exceeds {MAX_BODY_BYTES} bytes")
        return self.rfile.read(length)

    def _read_chunked(self) -> bytes:
        chunks: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            digits = line.split(b";")[0].strip()
            if not digits or len(digits) > 16 or digits.strip(b"0123456789abcdefABCDEF"):
                raise BadRequestException("Malformed chunked body: bad chunk size")
            size = int(digits, 16)
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            total += size
            if total > MAX_BODY_BYTES:
                raise BadRequestException(f"Request body exceeds {MAX_BODY_BYTES} bytes")
            chunks.append(self.rfile.read(size))
            self.rfile.readline(1024)

    def _write(self, response: HttpResponse) -> None:
        try:
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD" and response.body:
                self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Malformed HTTP (bad request line, unknown method...): JSON, never HTML.

        http.server answers an unknown method with 501 and an unsupported HTTP version
        with 505; both are the client's fault, so they become a modeled 4xx (an unknown
        method has no route: 404, like unknown paths)."""
        if code == HTTPStatus.NOT_IMPLEMENTED:
            code, message = HTTPStatus.NOT_FOUND, message or "Unsupported method"
        elif code >= 500:
            code = HTTPStatus.BAD_REQUEST
        error_code = (
            "NotFoundException"
            if code == 404
            else ("BadRequestException" if code < 500 else "ServiceFailureException")
        )
        text = message or HTTPStatus(code).phrase
        if getattr(self, "request_version", "HTTP/0.9") == "HTTP/0.9":
            self.request_version = "HTTP/1.0"  # unparseable request: still answer with a status line
        body = json.dumps({"Code": error_code, "Message": text, "__type": error_code}).encode()
        self.close_connection = True
        try:
            self.send_response(code, message)
            self.send_header("Content-Type", JSON_CONTENT_TYPE)
            self.send_header("x-amzn-ErrorType", error_code)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD" and code >= 200 and code not in (204, 304):
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (signature is http.server's)
        log.debug("%s - " + format, self.address_string(), *args)


def make_server(emulator: Emulator, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> EmulatorHTTPServer:
    """Bind (port 0: an ephemeral port) without serving yet."""
    return EmulatorHTTPServer((host, port), emulator)


def serve_in_thread(server: EmulatorHTTPServer) -> threading.Thread:
    """Serve on a daemon thread; ``server.stop()`` ends it."""
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.1},
        name="chime-proxy-emulator",
        daemon=True,
    )
    thread.start()
    return thread
