"""bench/search.py's other side: the same documents in PostgreSQL full-text search (a tsvector
with english stemming and unaccent, a GIN index), and the same queries as SQL with the same
permission and current-draft conditions, ranked by ts_rank, counted, with ts_headline."""
from __future__ import annotations

import time


def pg_load(app, url: str) -> tuple[object, float, int]:
    """Copy every document the kinds produce into PostgreSQL, with its tsvector and GIN index."""
    import psycopg

    from deliberation.models import Assembly
    from deliberation.search import kinds as registry
    from extensions import db
    conn = psycopg.connect(url, autocommit=True)
    conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    conn.execute("CREATE TEXT SEARCH CONFIGURATION refound_english (COPY = english)")
    conn.execute("ALTER TEXT SEARCH CONFIGURATION refound_english ALTER MAPPING FOR hword, hword_part, word "
                 "WITH unaccent, english_stem")
    conn.execute("""CREATE TABLE docs (key text PRIMARY KEY, kind text, id int, assembly_id int,
        version_id int, group_id int, status text, readers text[], current boolean, title text, body text,
        hidden text,
        tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('refound_english', title), 'A')
            || to_tsvector('refound_english', body || ' ' || hidden)) STORED)""")
    start = time.perf_counter()
    count = 0
    with app.app_context():
        current = set(db.session.scalars(db.select(Assembly.current_version_id)))
        with conn.cursor().copy("COPY docs (key, kind, id, assembly_id, version_id, group_id, status, "
                                "readers, current, title, body, hidden) FROM STDIN") as copy:
            for kind in registry.kinds().values():
                refs = kind.all_refs()
                for i in range(0, len(refs), 200):
                    for docs in kind.documents(refs[i:i + 200]).values():
                        for d in docs:
                            copy.write_row((d.key, d.kind, d.id, d.assembly_id, d.version_id, d.group_id,
                                            d.status,
                                            list(d.readers), d.kind != "clause" or d.version_id in current,
                                            d.title, "\n".join(t for _n, t in d.body), d.hidden_text))
                            count += 1
                    db.session.expunge_all()
    conn.execute("CREATE INDEX docs_tsv ON docs USING gin (tsv)")
    conn.execute("ANALYZE docs")
    return conn, time.perf_counter() - start, count


def pg_query(conn, q: str, filters: dict, tokens: list[str]) -> int:
    if q.endswith("*"):
        tsquery, arg = "to_tsquery('refound_english', %(q)s)", q[:-1] + ":*"
    else:
        tsquery, arg = "websearch_to_tsquery('refound_english', %(q)s)", q
    where = ["d.tsv @@ query", "d.readers && %(tokens)s", "(d.kind <> 'clause' OR d.current)"]
    if "assembly_id" in filters:
        where.append("d.assembly_id = %(assembly_id)s")
    if "kind" in filters:
        where.append("d.kind = %(kind)s")
    sql = f"""SELECT s.key, s.title, ts_headline('refound_english', s.body, s.query), s.total FROM (
        SELECT d.key, d.title, d.body, query, count(*) OVER () AS total FROM docs d, {tsquery} query
        WHERE {' AND '.join(where)} ORDER BY ts_rank(d.tsv, query) DESC LIMIT 20) s"""
    rows = conn.execute(sql, {"q": arg, "tokens": tokens, **filters}).fetchall()
    return rows[0][3] if rows else 0


def time_pg(conn, sets: dict) -> dict:
    tokens = ["all", "group:1"]
    for q, filters in sum(sets.values(), [])[:20]:
        pg_query(conn, q, filters, tokens)
    out = {}
    for kind, queries in sets.items():
        times, totals = [], []
        for q, filters in queries:
            start = time.perf_counter()
            totals.append(pg_query(conn, q, filters, tokens))
            times.append((time.perf_counter() - start) * 1000)
        out[kind] = (times, totals)
    return out
