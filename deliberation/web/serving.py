"""The HTTP handler for `python app.py` and gunicorn's worker (gevent's server): a request whose headers
the server cannot read (a line over 64 KB, more than 100 headers, a broken line) gets the app's own error,
JSON under /api/ and a page elsewhere, instead of gevent's empty 400.

The server refuses such a request before the app sees it, so the handler asks the app for the
answer with a bare GET of the same path, marked so that `refused_headers` (web/safety.py)
aborts it with 431 or 400 before any view runs.
"""
from http.client import HTTPException as HeaderError
from urllib.parse import unquote

from gevent import pywsgi
from gunicorn.workers.ggevent import GeventPyWSGIWorker, PyWSGIHandler
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.test import EnvironBuilder, run_wsgi_app

#: The environ key that marks a request the server could not read; the value is the status.
REFUSED = "refound.refused_headers"


class Handler(pywsgi.WSGIHandler):
    def _handle_client_error(self, ex):
        status, raw = super()._handle_client_error(ex)  # logs it, as before
        path = getattr(self, "path", None)
        if not path or not path.startswith("/"):
            return status, raw  # not even a request line: nothing to answer in the app's words
        # A header line over 64 KB sets the parsed headers' status; more than 100 raise.
        too_large = isinstance(ex, HeaderError) or getattr(getattr(self, "headers", None), "status", None)
        code = 431 if too_large else 400
        try:
            return str(code), self._app_answer(unquote(path.partition("?")[0]), code)
        except Exception:  # noqa: BLE001 -- the plain answer is still better than none
            return status, raw

    def _app_answer(self, path: str, code: int) -> bytes:
        environ = EnvironBuilder(path=path, method="GET").get_environ()
        environ[REFUSED] = code
        body, status, headers = run_wsgi_app(self.server.application, environ, buffered=True)
        data = b"".join(body)
        lines = [f"HTTP/1.1 {code} {HTTP_STATUS_CODES.get(code, 'Bad Request')}", "Connection: close"]
        lines += [f"{k}: {v}" for k, v in headers.items()
                  if k.lower() not in ("connection", "content-length")]
        lines.append(f"Content-Length: {len(data)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + data


class GunicornWorker(GeventPyWSGIWorker):
    """gunicorn's gevent worker on gevent's own WSGI server (`-k gevent_pywsgi`), the server
    `python app.py` runs, with the handler above. deploy/gunicorn.conf.py says why not `-k gevent`."""

    wsgi_handler = type("GunicornHandler", (Handler, PyWSGIHandler), {})
