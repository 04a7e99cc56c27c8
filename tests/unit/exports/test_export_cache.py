"""The export cache: a file is found under its own key only, is whole or absent, and the folder
stays under its limit by dropping the least recently used files first."""
import os
import time

from hypothesis import given
from hypothesis import strategies as st

from deliberation.exports.cache import STALE_PART_SECONDS, ExportCache, cache_key

choices = st.tuples(st.integers(1, 2**40), st.one_of(st.none(), st.integers(1, 2**40)),
                    st.sampled_from(["pdf", "docx", "md"]), st.sampled_from(["en", "cy"]))


@given(choices, choices)
def test_keys_differ_whenever_any_choice_differs(a, b):
    assert (cache_key(*a) == cache_key(*b)) == (a == b)


def test_a_stored_file_comes_back_whole(tmp_path):
    cache = ExportCache(tmp_path / "c", 10_000)
    key = cache_key(3, 1, "pdf", "cy")
    assert cache.get(key) is None
    cache.put(key, b"%PDF-1.7 drawn once")
    assert cache.get(key) == b"%PDF-1.7 drawn once"
    assert cache.get(cache_key(3, 1, "pdf", "en")) is None
    assert [p.name for p in (tmp_path / "c").iterdir()] == [key]  # no temporary file left behind


def _age(cache: ExportCache, key: str, seconds_ago: float) -> None:
    then = time.time() - seconds_ago
    os.utime(cache.folder / key, (then, then))


def test_the_least_recently_used_files_go_first_when_the_folder_is_full(tmp_path):
    cache = ExportCache(tmp_path, 3_000)
    keys = [cache_key(v, None, "pdf", "en") for v in range(1, 4)]
    for age, key in zip((300, 200, 100), keys, strict=True):
        cache.put(key, b"x" * 1_000)
        _age(cache, key, age)
    assert cache.get(keys[0]) is not None  # the oldest file, read now: recently used again
    cache.put(cache_key(9, None, "pdf", "en"), b"y" * 1_000)
    assert cache.size() <= 3_000
    assert cache.get(keys[1]) is None  # the least recently used went
    assert cache.get(keys[0]) is not None and cache.get(keys[2]) is not None


def test_a_file_larger_than_the_whole_cache_is_not_kept(tmp_path):
    cache = ExportCache(tmp_path, 100)
    cache.put("big.pdf", b"z" * 101)
    assert cache.get("big.pdf") is None
    assert ExportCache(tmp_path, 0).get("big.pdf") is None


def test_a_half_written_file_left_by_a_killed_process_is_cleared_once_stale(tmp_path):
    cache = ExportCache(tmp_path, 10_000)
    fresh, stale = tmp_path / ".part-fresh", tmp_path / ".part-stale"
    fresh.write_bytes(b"being written")
    stale.write_bytes(b"abandoned")
    long_ago = time.time() - STALE_PART_SECONDS - 60
    os.utime(stale, (long_ago, long_ago))
    cache.put(cache_key(1, None, "docx", "en"), b"PK")
    assert fresh.exists() and not stale.exists()
