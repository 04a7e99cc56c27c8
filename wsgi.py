"""The WSGI entry for gunicorn (`make run-prod`, deploy/gunicorn.conf.py): `wsgi:app`.

gunicorn's gevent worker patches the standard library before it imports this, so the app
starts in gevent mode as under `python app.py` (app._async_mode).
"""
from app import create_app

app = create_app()
