"""Chinese full-text search for the catalogue.

jieba segments titles and summaries into words (with a domain dictionary, so that terms
like 揭榜挂帅 or 健康状态估计 stay whole), once per process; PostgreSQL indexes the words
(`Item.search_vector`, a GIN index over `to_tsvector('simple', …)`). A query is segmented
the same way and every word must match. Patent numbers and parts of titles go through the
trigram indexes instead.
"""

import getpass
import logging
import re
import tempfile
import threading
import unicodedata
from functools import reduce
from pathlib import Path

import jieba
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    ExpressionWrapper,
    FloatField,
    Func,
    Lookup,
    Q,
    Value,
    When,
)

DICTIONARY = Path(__file__).parent / "data" / "dictionary.txt"
_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_WORD = re.compile(r"\w", re.UNICODE)
jieba.setLogLevel(logging.WARNING)


def tokenizer() -> jieba.Tokenizer:
    """The process's one jieba tokenizer, loaded with the domain dictionary on first use."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                tk = jieba.Tokenizer()
                # jieba caches its prefix dictionary in a file; keep it per user, not shared /tmp.
                tk.tmp_dir = tempfile.gettempdir()
                tk.cache_file = f"jieba-{getpass.getuser()}.cache"
                tk.load_userdict(str(DICTIONARY))
                _tokenizer = tk
    return _tokenizer


def _normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def index_words(*parts: str) -> str:
    """The text as space-separated words for the index: every word and its sub-words, so
    that 健康 finds 健康状态估计."""
    words = tokenizer().cut_for_search(_normalize(" ".join(p for p in parts if p)))
    return " ".join(w for w in words if _WORD.search(w))


def query_words(query: str) -> list[str]:
    return [w for w in tokenizer().cut(_normalize(query)) if _WORD.search(w)]


def search_query(query: str) -> SearchQuery | None:
    """All the query's words, as a PostgreSQL text-search query (None when it has none)."""
    words = query_words(query)
    if not words:
        return None
    return reduce(lambda a, b: a & b, (SearchQuery(w, search_type="plain", config="simple") for w in words))


@CharField.register_lookup
class ILike(Lookup):
    """`field__ilike="%…%"`: PostgreSQL's ILIKE, which the trigram GIN indexes serve (Django's
    icontains compiles to UPPER(field) LIKE UPPER(…), which they cannot)."""

    lookup_name = "ilike"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} ILIKE {rhs}", [*lhs_params, *rhs_params]


def like_pattern(text: str) -> str:
    """`text` anywhere, its own % and _ taken literally."""
    return "%" + re.sub(r"([%_\\])", r"\\\1", text) + "%"


def word_query(word: str) -> SearchQuery:
    return SearchQuery(word, search_type="plain", config="simple")


def any_word(words) -> SearchQuery | None:
    """A text-search query that any one of `words` satisfies (None for no words)."""
    queries = [word_query(w) for w in words]
    return reduce(lambda a, b: a | b, queries) if queries else None


def word_hits(weights: dict[str, float], vector: str = "search_vector") -> tuple[Func, Func]:
    """For a row's `vector`: which of the weighted words it has (an array of booleans, in
    `weights`' order) and the sum of the weights of those it has. Matching ranks by this
    sum, rare words weighing more (challenge.matching)."""
    hits = [ExpressionWrapper(Q(**{vector: word_query(w)}), output_field=BooleanField()) for w in weights]
    score = reduce(lambda a, b: a + b, (
        Case(When(Q(**{vector: word_query(w)}), then=Value(float(weight))), default=Value(0.0),
             output_field=FloatField()) for w, weight in weights.items()))
    return Func(*hits, function="ARRAY", template="%(function)s[%(expressions)s]",
                output_field=ArrayField(BooleanField())), score
