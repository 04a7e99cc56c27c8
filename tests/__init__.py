"""Refound tests: unit (pure engine and counting), integration (app + database + sockets), browser."""
