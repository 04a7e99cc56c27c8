"""The WSGI entry for gunicorn (`make run-prod`, deploy/gunicorn.conf.py): `wsgi:app`.

gunicorn's gevent worker patches the standard library before it imports this, so the app
starts in gevent mode as under `python app.py` (app._async_mode). With several processes the
live hub starts with the process, so that its relay greets the others at once: a process
that replaces a killed one makes them re-read their rooms (deliberation/live/relay.py).
"""
from app import create_app
from deliberation.live.hub import hub

app = create_app()
if app.config.get("REDIS_URL"):
    hub(app)
