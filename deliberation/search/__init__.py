"""Search over proposals, amendments, comments and every version's clauses (Whoosh).

Changes reach the index through an outbox written in the changing transaction and drained
after its commit (capture.py, indexer.py), so a failed index write never loses or rolls back
a change; `flask search check` finds what the index lacks and `flask search rebuild` starts
again from the database. What each kind of document holds, and who may see it, is one small
module per kind (kinds/).
"""
