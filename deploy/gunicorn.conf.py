"""gunicorn settings for one Refound process (deploy/run_prod.py starts WORKERS of them).

One gevent worker per gunicorn, as Flask-SocketIO's deployment guide says: gunicorn's own
balancing cannot keep a long-polling client on one worker, so several processes are several
gunicorns on their own ports behind nginx (deploy/nginx.conf.example), sharing PostgreSQL and
Redis. Settings come from the environment: HOST, PORT, WORKER_CONNECTIONS, LOG_LEVEL.
"""
import gc
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
#: gunicorn's gevent worker on gevent's own WSGI server (`-k gevent_pywsgi`, the server `python
#: app.py` runs), with the app's handler for unreadable headers (deliberation/web/serving.py).
#: Flask-SocketIO's guide names `-k gevent`, gunicorn's own HTTP parser on gevent: measured here
#: with 100 editors + 400 viewers on PostgreSQL + Redis it gave p50 411 ms / p99 1.6 s against
#: 46 ms / 306 ms for this one (bench/scale.py), and it answers an oversized header with an empty 400.
worker_class = "deliberation.web.serving.GunicornWorker"
workers = 1
#: Open connections the worker accepts at once: every live editor and viewer holds one.
worker_connections = int(os.environ.get("WORKER_CONNECTIONS", "5000"))
#: A worker whose loop is stuck this long is restarted; PDFs render in other processes.
timeout = 30
graceful_timeout = 20
keepalive = 5
loglevel = os.environ.get("LOG_LEVEL", "info")
errorlog = "-"
proc_name = f"refound:{os.environ.get('PORT', '5000')}"
#: gunicorn's control socket has one default path per user, which the processes would share:
#: none, as nothing here uses it (signals stop and reload a process).
control_socket_disable = True


def post_worker_init(worker):
    """Everything loaded at start-up lives as long as the process: keep it out of the
    collector's full scans, which stopped the server for ~100-200 ms (docs/live.md)."""
    gc.collect()
    gc.freeze()
