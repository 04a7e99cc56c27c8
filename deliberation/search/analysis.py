"""How text becomes index terms: the one place that chooses analyzers, so another language
(Welsh) is a new entry here and a field of its own in the schema, not a change everywhere."""
from functools import lru_cache

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map


def plain():
    """Words, lower case, accents folded ("Café" is "cafe"): what prefixes and wildcards match,
    since a stem is not always a prefix of its word ("delegates" stems to "deleg")."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def english():
    """Whoosh's StemmingAnalyzer (words, lower case, English stop words, Porter stems) with
    accent folding, so "café", "CAFE" and "cafés" all meet. Folding comes before the stemmer,
    whose suffix rules only know unaccented letters ("naïvety" stems like "naivety")."""
    return plain() | StopFilter() | StemFilter(stemfn=porter_stem, cachesize=50000)


#: Analyzers by language code. Texts are English today; a Welsh stemmer would go under "cy",
#: with a content_cy field in schema.py and documents saying which language they are in.
ANALYZERS = {"en": english}

_built: dict = {}


def analyzer(language: str = "en"):
    """The stemming analyzer for a language, built once (its stem cache is worth keeping)."""
    if language not in _built:
        _built[language] = ANALYZERS[language]()
    return _built[language]


_WORD = RegexTokenizer().expression


def plain_tokens(text: str):
    """(start, end, folded word) for each word of a text, as plain() makes them, for snippets:
    the same pattern and folding without Whoosh's token objects, a third of a snippet's time."""
    return [(m.start(), m.end(), m.group().lower().translate(accent_map)) for m in _WORD.finditer(text)]


@lru_cache(maxsize=50000)
def stem(word: str) -> str:
    """The index term of one folded word (as english() makes it)."""
    return porter_stem(word)
