"""Sign-in, sessions, API tokens and the permission rules every route uses."""
