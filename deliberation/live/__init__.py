"""Live co-editing rooms: the y-protocols framing and the server's Yjs replicas (pure, no Flask)."""
