"""Benchmark search at 100,000 documents: Whoosh (the app's search) and PostgreSQL full-text
search side by side, on the same documents, in the same run.

Run from the repository root: ``.venv/bin/python bench/search.py [--quick] [--documents N]``.

The documents are built from real text: the 50 versions of a real charter
(../shared/data/constitution-history) and the demo constitution. Twenty assemblies each get a
base text and ten more versions (the charter's own history, or small edits of the
constitution), fifteen submitted proposals (each a version of its own), and amendments that
change a few words of a clause, filed by 300 groups, with a title and a rationale: two sentences
of the same texts with a third of their words swapped for others of the texts (people write
their own rationales; unchanged, each of the ~1,800 sentences would be copied into some 60
amendments, which no real assembly does). Rows go into a scratch database (SQLite, or
PostgreSQL with DATABASE_URL) with the outbox off, then `Indexer.rebuild` times the index build
as `flask search rebuild` runs it.

Queries run through the app's own search service (permissions, current-draft filter, snippets,
links, the database check of the hits), as a member of one group, for four kinds of query:
one word, a two-word phrase, two words ANDed with a filter (two words of one document, with
its assembly or its kind), and a prefix. Words are sampled from the corpus: a third among its
300 most frequent index words, the rest among the next 3,000; phrases are adjacent words of a
clause. Each kind: p50 and p95 over the run's queries, after one untimed pass of all of them
(a server that has been answering searches), in three passes (the machine is shared: one pass
can meet another program's busy moment); the figures are the median of the passes', and each
pass's p95 is listed. A common word is kept decoded the second time a phrase uses it
(deliberation/search/hot.py), so the first timed pass still decodes some. Phrases are timed
again as "phrase_cold", with nothing kept or seen before: what the first searches of a word
meet in a process that has just started, or after a rebuild. The heap is frozen after start-up,
as the servers do.

PostgreSQL: the same documents are copied into a scratch database on 127.0.0.1:5432 (user
postgres, or SEARCH_BENCH_PG) with a tsvector column (english stemming with unaccent) and a
GIN index; the same queries run as websearch_to_tsquery / to_tsquery(prefix:*) with the same
permission and current-draft conditions, ranked by ts_rank, counted, with ts_headline for the
page shown. Goal (Whoosh): p95 <= 30 ms and a full rebuild <= 3 minutes.
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scratch import scratch_instance  # noqa: E402
from search_pg import pg_load, time_pg  # noqa: E402

#: Assemblies per 100,000 documents (at least two).
ASSEMBLIES = 20
VERSIONS = 10
PROPOSALS = 15
GROUPS = 300
WIDTH = 80
SHARED = Path(os.environ.get("REFOUND_SHARED_DATA", ROOT.parent / "shared" / "data"))
CHARTER = SHARED / "constitution-history" / "versions"
TITLES = ["Clarify", "Strengthen", "Simplify", "Reword", "Extend", "Limit", "Protect", "Update", "Replace",
          "Define"]


def emit(**fields) -> None:
    print(json.dumps({"bench": "search", **fields}), flush=True)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def texts() -> tuple[list[str], str]:
    if not CHARTER.exists():
        sys.exit(f"{CHARTER} is missing: the bench builds its documents from it")
    charter = [p.read_text() for p in sorted(CHARTER.glob("v0*.txt"))]
    constitution = (ROOT / "deliberation" / "demo" / "constitution.md").read_text()
    return charter, constitution


def sentences(all_texts: list[str]) -> list[str]:
    found = set()
    for text in all_texts:
        for s in re.split(r"(?<=[.;:])\s+", " ".join(text.split())):
            if 40 <= len(s) <= 300 and not s.startswith(("=", "#", "..", "`")):
                found.add(s)
    return sorted(found)


def edit_words(text: str, rng: random.Random, vocabulary: list[str], changes: int = 2) -> tuple[str, list]:
    """A few words of the text replaced by others: the new text and the edits [[start, end, new]]."""
    words = [m for m in re.finditer(r"[A-Za-z]{4,}", text)]
    picked = sorted(rng.sample(words, min(changes, len(words))), key=lambda m: m.start())
    edits, out, pos = [], [], 0
    for m in picked:
        new = rng.choice(vocabulary)
        edits.append([m.start(), m.end(), new])
        out.append(text[pos:m.start()] + new)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), edits


def build_rows(app, documents: int, rng: random.Random) -> dict:
    """Insert the assemblies, versions, proposals and amendments; return what the queries need."""
    assemblies = max(2, ASSEMBLIES * documents // 100_000)
    from sqlalchemy import insert

    from amendments.engine import LineIndex
    from amendments.models import Amendment, Version
    from deliberation.models import Assembly, Group, Member, Membership, Proposal
    from deliberation.search.clauses import split_clauses
    from extensions import db
    charter, constitution = texts()
    vocabulary = sorted({w.lower() for t in charter + [constitution]
                         for w in re.findall(r"\b[A-Za-z]{5,}\b", t)})
    prose = sentences(charter + [constitution])
    sha = lambda t: hashlib.sha256(t.encode()).hexdigest()  # noqa: E731
    db.session.execute(insert(Group), [{"id": g, "name": f"Group {g}", "region": "North"}
                                       for g in range(1, GROUPS + 1)])
    db.session.execute(insert(Member), [{"id": 1, "email": "reader@example.org", "name": "Reader"},
                                        {"id": 2, "email": "chair@example.org", "name": "Chair"}])
    db.session.execute(insert(Membership), [{"member_id": 1, "group_id": 1, "role": "member"}])
    version_id, clause_docs, versions = 0, 0, []
    for a in range(1, assemblies + 1):
        db.session.execute(insert(Assembly), [{"id": a, "title": f"Assembly {a}", "phase": "amendments"}])
        start = rng.randrange(0, len(charter) - VERSIONS)
        chain = (charter[start:start + VERSIONS + 1] if a % 2 else
                 [constitution] + [None] * VERSIONS)
        parent = None
        for k, text in enumerate(chain):
            if text is None:
                text, _ = edit_words(versions[-1][2], rng, vocabulary, changes=5)
            version_id += 1
            db.session.execute(insert(Version), [{"id": version_id, "assembly_id": a, "parent_id": parent,
                                                  "kind": "base" if k == 0 else "merge", "text": text,
                                                  "sha256": sha(text), "provenance": []}])
            versions.append((version_id, a, text))
            clause_docs += len(split_clauses(text, WIDTH))
            parent = version_id
        db.session.execute(Assembly.__table__.update().where(Assembly.id == a).values(
            base_version_id=version_id - VERSIONS, current_version_id=version_id))
    current = {a: vid for vid, a, _t in versions}
    proposals = []
    for a in range(1, assemblies + 1):
        base_id, _a, base_text = next(v for v in versions if v[1] == a)
        for _p in range(PROPOSALS):
            text, _ = edit_words(base_text, rng, vocabulary, changes=6)
            version_id += 1
            db.session.execute(insert(Version), [{"id": version_id, "assembly_id": a, "parent_id": base_id,
                                                  "kind": "proposal", "text": text, "sha256": sha(text),
                                                  "provenance": []}])
            clause_docs += len(split_clauses(text, WIDTH))
            proposals.append({"assembly_id": a, "group_id": rng.randrange(1, GROUPS + 1),
                              "title": (f"{rng.choice(TITLES)} {rng.choice(vocabulary)} and "
                                        f"{rng.choice(vocabulary)}"),
                              "status": "submitted", "base_version_id": base_id, "version_id": version_id,
                              "initial_text": ""})
    db.session.execute(insert(Proposal), proposals)
    amendments = max(0, documents - clause_docs - len(proposals))
    lines = {vid: LineIndex(text, WIDTH) for vid, _a, text in versions if current[_a] == vid}
    texts_of = {vid: text for vid, _a, text in versions}
    rows = []
    for _i in range(amendments):
        a = rng.randrange(1, assemblies + 1)
        vid = current[a]
        _new, edits = edit_words(texts_of[vid], rng, vocabulary, changes=rng.choice((1, 2, 3)))
        index = lines[vid]
        rationale = " ".join(edit_words(s, rng, vocabulary, changes=len(s.split()) // 3)[0]
                             for s in rng.sample(prose, 2))
        rows.append({"assembly_id": a, "base_version_id": vid, "edits": edits,
                     "title": f"{rng.choice(TITLES)} the {rng.choice(vocabulary)} clause",
                     "rationale": rationale, "group_id": rng.randrange(1, GROUPS + 1),
                     "line_from": index.line_of(edits[0][0]), "line_to": index.line_of(edits[-1][1]),
                     "status": rng.choice(("open", "open", "admitted", "rejected"))})
        if len(rows) == 5000:
            db.session.execute(insert(Amendment), rows)
            rows = []
    if rows:
        db.session.execute(insert(Amendment), rows)
    db.session.commit()
    return {"clauses": clause_docs, "proposals": len(proposals), "amendments": amendments,
            "assemblies": assemblies}


def query_sets(searcher, rng: random.Random, per_kind: int,
               assemblies: int) -> dict[str, list[tuple[str, dict]]]:
    """Queries of four kinds, from the index's own words (stems map back to a word of the text)."""
    from deliberation.search.analysis import stem
    reader = searcher.reader()
    frequency = Counter({term.decode(): reader.doc_frequency("content", term)
                         for term in reader.lexicon("content") if term.isalpha() and len(term) > 3})
    ranked = [word for word, _n in frequency.most_common(3300)]
    common, middling = ranked[:300], ranked[300:3300]
    plain = Counter()
    for term in reader.lexicon("words"):
        word = term.decode()
        if word.isalpha() and len(word) > 4:
            plain[word] += reader.doc_frequency("words", term)
    word_of = {}
    for word, _n in plain.most_common():
        word_of.setdefault(stem(word), word)
    pick = lambda: word_of.get(rng.choice(common) if rng.random() < 1 / 3 else rng.choice(middling))  # noqa: E731
    phrases = []
    for stored in searcher.documents(kind="clause"):
        for _n, line in stored["body"]:
            words = re.findall(r"[A-Za-z]{4,}", line)
            if len(words) >= 2:
                k = rng.randrange(len(words) - 1)
                if words[k + 1] in line.split(words[k], 1)[-1][:len(words[k + 1]) + 2]:
                    phrases.append(f'"{words[k]} {words[k + 1]}"')
        if len(phrases) > 20 * per_kind:
            break
    sets: dict[str, list] = {"one_word": [], "phrase": [], "two_and_filter": [], "prefix": []}
    while len(sets["one_word"]) < per_kind:
        if (w := pick()):
            sets["one_word"].append((w, {}))
    sets["phrase"] = [(p, {}) for p in rng.sample(phrases, min(per_kind, len(phrases)))]
    # Two words of one document (what someone remembers of a clause), with its assembly or kind.
    shown = [stored for stored in searcher.documents(current="y") if len(stored["body"]) > 0]
    while len(sets["two_and_filter"]) < per_kind:
        stored = rng.choice(shown)
        words = sorted({w.lower() for _n, line in stored["body"] for w in re.findall(r"[A-Za-z]{5,}", line)})
        if len(words) >= 2:
            a, b = rng.sample(words, 2)
            filters = rng.choice(({"assembly_id": int(stored["assembly"])}, {"kind": stored["kind"]}))
            sets["two_and_filter"].append((f"{a} AND {b}", filters))
    while len(sets["prefix"]) < per_kind:
        if (w := pick()) and len(w) >= 5:
            sets["prefix"].append((w[:rng.choice((4, 5))] + "*", {}))
    return sets


def warm_whoosh(app, sets: dict) -> None:
    """Every query once, untimed, as a server that has been answering searches has: its
    searchers open, its masks and stem caches filled, common words searched before."""
    from deliberation.models import Member
    from deliberation.search.service import Filters, search
    from extensions import db
    with app.test_request_context():
        member = db.session.get(Member, 1)
        for q, filters in sum(sets.values(), []):
            search(member, q, Filters(**filters))


def time_whoosh(app, sets: dict) -> dict:
    from deliberation.models import Member
    from deliberation.search.hot import HotPostings
    from deliberation.search.service import Filters, search, suggest
    from extensions import db
    out = {}
    with app.test_request_context():
        member = db.session.get(Member, 1)
        for kind, queries in sets.items():  # warm_whoosh ran every query once before
            times, totals = [], []
            for q, filters in queries:
                start = time.perf_counter()
                results = search(member, q, Filters(**filters))
                times.append((time.perf_counter() - start) * 1000)
                totals.append(results.total)
            out[kind] = (times, totals)
        # The same phrases with no common word's postings kept from earlier searches (hot.py):
        # what a process meets first after starting, or after the index was rebuilt.
        times, totals = [], []
        indexes = (app.extensions["search"].index, app.extensions["search"].earlier)
        kept = [index.hot for index in indexes]
        for q, filters in sets["phrase"]:
            for index, hot in zip(indexes, kept, strict=True):
                index.hot = None if hot is None else HotPostings(hot.capacity)
            start = time.perf_counter()
            results = search(member, q, Filters(**filters))
            times.append((time.perf_counter() - start) * 1000)
            totals.append(results.total)
        for index, hot in zip(indexes, kept, strict=True):  # what the other searches kept, back
            index.hot = hot
        out["phrase_cold"] = (times, totals)
        times = []
        for q, _filters in sets["one_word"]:
            for typed in (q[:3], q[:5]):
                start = time.perf_counter()
                suggest(member, typed)
                times.append((time.perf_counter() - start) * 1000)
        out["suggest"] = (times, [])
    return out


def report(engine: str, passes: list[dict]) -> dict:
    """Each kind's p50 and p95, the median of the passes' (each pass's p95 listed too)."""
    p95s = {}
    for kind in passes[0]:
        each = [percentile(timings[kind][0], 95) for timings in passes]
        totals = passes[0][kind][1]
        p95s[kind] = round(statistics.median(each), 1)
        emit(case="query", engine=engine, query=kind, queries=len(passes[0][kind][0]), passes=len(passes),
             p50_ms=round(statistics.median(percentile(timings[kind][0], 50) for timings in passes), 1),
             p95_ms=p95s[kind], p95_each_pass=[round(p95, 1) for p95 in each],
             max_ms=round(max(max(timings[kind][0]) for timings in passes), 1),
             median_hits=int(statistics.median(totals)) if totals else None)
    return p95s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=60, help="queries of each kind")
    parser.add_argument("--passes", type=int, default=3, help="times the queries run (figures: the median)")
    parser.add_argument("--quick", action="store_true", help="10,000 documents, 20 queries of each kind")
    args = parser.parse_args()
    if args.quick:
        args.documents, args.queries = 10_000, 20
    from app import create_app
    from config import Config
    from extensions import db
    rng = random.Random(20261205)
    with scratch_instance("refound-search-bench-") as (instance, url):
        if url:
            os.environ["DATABASE_URL"] = url
        config = Config(instance)
        config.SEARCH_INDEXING = "off"  # rows go in as bulk inserts; the rebuild below indexes them
        app = create_app(config)
        with app.app_context():
            db.create_all()
            made = build_rows(app, args.documents, rng)
        indexer = app.extensions["search"]
        start = time.perf_counter()
        written = indexer.rebuild()
        build = time.perf_counter() - start
        size = sum(f.stat().st_size for f in Path(config.SEARCH_INDEX_DIR).iterdir())
        emit(case="build", engine="whoosh", documents=written, clauses=made["clauses"],
             proposals=made["proposals"], amendments=made["amendments"],
             database="postgresql" if url else "sqlite", seconds=round(build, 1),
             index_mb=round(size / 2**20, 1), goal_seconds=180, met=build <= 180)
        with indexer.index.searcher() as pooled:
            sets = query_sets(pooled.searcher, rng, args.queries, made["assemblies"])
        # As both servers do once the app is loaded (app.py, deploy/gunicorn.conf.py): the
        # collector's full scans of a start-up heap would otherwise land on a few queries.
        gc.collect()
        gc.freeze()
        emit(case="queries", examples={kind: [q for q, _f in qs[:3]] for kind, qs in sets.items()})
        if os.environ.get("BENCH_PROFILE"):  # where Whoosh's time goes, on standard error
            import cProfile
            import pstats
            profile = cProfile.Profile()
            profile.runcall(time_whoosh, app, sets)
            pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
        warm_whoosh(app, sets)
        p95s = report("whoosh", [time_whoosh(app, sets) for _pass in range(args.passes)])
        worst = max(v for k, v in p95s.items() if k not in ("suggest", "phrase_cold"))
        emit(case="goal", engine="whoosh", p95_ms=worst, goal_ms=30, met=worst <= 30)
        pg_url = os.environ.get("SEARCH_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
        try:
            from scratch import fresh_postgres
            bench_url, drop = fresh_postgres(pg_url)
        except Exception as err:  # no server: the comparison is skipped, and says so
            emit(case="build", engine="postgres", skipped=f"{type(err).__name__}: {err}"[:200])
            return
        try:
            conn, seconds, count = pg_load(app, bench_url)
            emit(case="build", engine="postgres", documents=count, seconds=round(seconds, 1))
            report("postgres", [time_pg(conn, sets) for _pass in range(args.passes)])
            conn.close()
        finally:
            drop()


if __name__ == "__main__":
    main()
