"""WebSocket transport settings the libraries do not expose.

No per-message compression: simple-websocket accepts permessage-deflate whenever
a client offers it (browsers always do), and then deflates every frame for every
recipient separately. Live messages are small Yjs updates that barely compress,
and a broadcast to 500 clients paid for 500 deflates; measured, that was a large
share of the server's CPU. Dropping the offer from the handshake turns it off.
"""


class WithoutWebSocketCompression:
    """WSGI middleware: hide the client's WebSocket extension offer from the server."""

    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return self.app(environ, start_response)
