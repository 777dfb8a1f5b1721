"""Near-duplicate detection: MinHash signatures, LSH candidates, clusters and their originals."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from claimledger.model import NearDuplicate
from claimledger.reconcile.duplicates import (
    MinHasher,
    from_bytes,
    near_duplicates,
    similarity,
    stories,
    to_bytes,
)
from claimledger.reconcile.rules import ReconcileRules

RULES = ReconcileRules.load()
VOCAB = [f"w{i}" for i in range(4000)]


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(n))


def _edited(rng: random.Random, text: str, share: float) -> str:
    words = text.split()
    for _ in range(int(len(words) * share)):
        words[rng.randrange(len(words))] = rng.choice(VOCAB)
    return " ".join(words)


def _jaccard(a: str, b: str, k: int = 5) -> float:
    def shingles(t: str) -> set[tuple[str, ...]]:
        w = re.findall(r"\w+", t.casefold())
        return {tuple(w[i : i + k]) for i in range(len(w) - k + 1)}

    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb)


def test_signatures_estimate_jaccard_similarity() -> None:
    rng = random.Random(7)
    hasher = MinHasher.from_rules(RULES)
    errors = []
    for _ in range(60):
        base = _text(rng, rng.randint(60, 500))
        other = _edited(rng, base, rng.uniform(0, 0.3))
        errors.append(similarity(hasher.signature(base), hasher.signature(other)) - _jaccard(base, other))
    assert abs(float(np.mean(errors))) < 0.03
    assert float(np.mean(np.abs(errors))) < 0.06


def test_batch_and_single_signatures_agree_and_round_trip() -> None:
    hasher = MinHasher.from_rules(RULES)
    texts = ["One two three four five six seven.", "", "short", "Another text, with punctuation!"]
    batch = hasher.signatures(texts)
    for i, t in enumerate(texts):
        assert (batch[i] == hasher.signature(t)).all()
        assert (from_bytes(to_bytes(batch[i])) == batch[i]).all()
    assert similarity(batch[0], hasher.signature("ONE two  three four five\nsix seven.")) == 1.0
    assert similarity(batch[1], batch[1]) == 0.0  # nothing to compare


def test_lsh_finds_copies_and_the_older_article_is_the_original() -> None:
    rng = random.Random(3)
    hasher = MinHasher.from_rules(RULES)
    wire = _text(rng, 300)
    texts = {"wire": wire, "copy": _edited(rng, wire, 0.05), "other": _text(rng, 300), "rewrite": _edited(rng, wire, 0.03)}
    age = {"wire": 1, "copy": 2, "other": 0, "rewrite": 3}
    sigs = dict(zip(texts, hasher.signatures(list(texts.values())), strict=True))
    pairs = near_duplicates(sigs, {}, RULES.lsh_bands, RULES.near_duplicate_similarity, age.__getitem__)
    assert {(p.article_id, p.original_id) for p in pairs} == {("copy", "wire"), ("rewrite", "wire")}
    assert stories(pairs, age.__getitem__) == {"copy": "wire", "rewrite": "wire"}


def test_incremental_detection_matches_detection_over_everything() -> None:
    rng = random.Random(11)
    hasher = MinHasher.from_rules(RULES)
    bases = [_text(rng, 200) for _ in range(20)]
    texts = {f"a{i}": t for i, t in enumerate(bases)} | {f"c{i}": _edited(rng, bases[i], 0.05) for i in range(0, 20, 3)}
    order = {k: i for i, k in enumerate(sorted(texts))}
    sigs = dict(zip(texts, hasher.signatures(list(texts.values())), strict=True))
    everything = near_duplicates(sigs, {}, RULES.lsh_bands, 0.5, order.__getitem__)
    old = {k: v for k, v in sigs.items() if k.startswith("a")}
    first = near_duplicates(old, {}, RULES.lsh_bands, 0.5, order.__getitem__)
    later = near_duplicates({k: v for k, v in sigs.items() if k.startswith("c")}, old, RULES.lsh_bands, 0.5, order.__getitem__)
    key = lambda ps: sorted((p.article_id, p.original_id) for p in ps)  # noqa: E731
    assert key(everything) == key(first + later)
    assert len(everything) == 7


def test_stories_chain_through_clusters_to_the_oldest() -> None:
    pairs = [NearDuplicate("c", "b"), NearDuplicate("b", "a"), NearDuplicate("e", "d")]
    order = {k: i for i, k in enumerate("abcde")}
    assert stories(pairs, order.__getitem__) == {"b": "a", "c": "a", "e": "d"}


def test_permutations_must_be_a_power_of_two() -> None:
    with pytest.raises(ValueError):
        MinHasher(permutations=100)


def test_a_bucket_shared_by_many_articles_still_clusters_them() -> None:
    rng = random.Random(5)
    hasher = MinHasher.from_rules(RULES)
    wire = _text(rng, 200)
    texts = {f"c{i:02d}": _edited(rng, wire, 0.01) for i in range(40)}  # a widely syndicated story
    order = {k: i for i, k in enumerate(sorted(texts))}
    sigs = dict(zip(texts, hasher.signatures(list(texts.values())), strict=True))
    pairs = near_duplicates(sigs, {}, RULES.lsh_bands, RULES.near_duplicate_similarity, order.__getitem__)
    assert set(stories(pairs, order.__getitem__).values()) == {"c00"}
