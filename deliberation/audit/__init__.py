"""The audit log's area: `flask audit verify` and `head`, the returning officer's log page, and
the API's head and entries. The chain itself is kept by the core (deliberation/models/audit.py,
deliberation/hash_chain.py), so every area's changes are chained whatever it imports."""
