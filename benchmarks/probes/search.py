"""Searching N demo-sized records where the user waits: ``VAULT ROUNDS`` (passphrase on stdin).

In the vault process, as the app's search runs it: ``VaultService.search_records``. The first
search after unlocking reads and folds every displayed head (timed apart: the app runs it in
the worker). Then, round by round and interleaved, each query through the service against the
baseline: a plain Python scan of the very same folded strings for the same words. A round's
sample for a side is the median of ``CALLS`` back-to-back calls (one call is a few
milliseconds: a single one measures the other engineers' load as much as the search). Prints
JSON seconds.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from ncpi_field.opening import unlock_vault
from ncpi_field.record_query import RecordQuery
from ncpi_field.record_search import words_of

QUERIES = {
    "common word": RecordQuery("supervision"),
    "choice label": RecordQuery("requires improvement"),
    "reference": RecordQuery("CA-004-09"),
    "no match": RecordQuery("zzz no such words"),
    "filters only": RecordQuery(status="complete", grade="inadequate"),
}

vault_dir, rounds = Path(sys.argv[1]), int(sys.argv[2])
service = unlock_vault(vault_dir, sys.stdin.readline().rstrip("\n"))
started = time.perf_counter()
total = len(service.search_records(RecordQuery()))
first = time.perf_counter() - started
started = time.perf_counter()
service.filter_choices()
choices = time.perf_counter() - started
haystacks = [found.haystack for found in service._finder._found.values()]


CALLS = 5


def subject(query: RecordQuery) -> float:
    def once() -> float:
        started = time.perf_counter()
        service.search_records(query)
        return time.perf_counter() - started

    return statistics.median(once() for _ in range(CALLS))


def baseline(query: RecordQuery) -> float:
    words = words_of(query.text)
    word = words[0] if len(words) == 1 else None

    def once() -> float:
        started = time.perf_counter()
        if word is not None:  # the plainest scan there is: one substring test a string
            [i for i, text in enumerate(haystacks) if word in text]
        else:
            [i for i, text in enumerate(haystacks) if all(w in text for w in words)]
        return time.perf_counter() - started

    return statistics.median(once() for _ in range(CALLS))


result: dict[str, dict[str, list[float]]] = {
    name: {"subject": [], "baseline": []} for name in QUERIES
}
for query in QUERIES.values():  # one warm-up each
    subject(query), baseline(query)
for i in range(rounds):
    for name, query in QUERIES.items():
        sides = (("subject", subject), ("baseline", baseline))
        for side, run in sides if i % 2 == 0 else reversed(sides):
            result[name][side].append(run(query))
print(json.dumps({"records": total, "first": first, "choices": choices, "queries": result}))
