"""Near-duplicate articles: word shingles, MinHash signatures and LSH banding.

A wire story and its syndicated copies share most of their 5-word shingles. Each article gets a
MinHash signature (one 32-bit minimum per hash permutation, vectorised with numpy); signatures are
cut into bands, and articles sharing a band are candidates, kept when the share of equal minima
(the estimated Jaccard similarity) reaches the rules' floor. Copies of one story form a cluster
whose earliest article is the original: its claims and its copies' are one piece of evidence.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from claimledger.model import NearDuplicate
from claimledger.reconcile.rules import ReconcileRules

Signature = npt.NDArray[np.uint32]

SCORE_BATCH = 8_192  # candidate pairs compared at once
_EMPTY = np.uint32(0xFFFFFFFF)


def scheme(rules: ReconcileRules) -> str:
    """Names how signatures were made, so that a change of rules recomputes them."""
    return f"minhash-v1:{rules.minhash_permutations}:{rules.shingle_words}w"


def _seeded_u64(label: str, n: int) -> npt.NDArray[np.uint64]:
    """n fixed 64-bit numbers derived from a label (stable across processes and machines)."""
    out = [
        int.from_bytes(hashlib.blake2b(f"{label}:{i}".encode(), digest_size=8).digest(), "little")
        for i in range(n)
    ]
    return np.array(out, dtype=np.uint64)


@dataclass(slots=True)
class MinHasher:
    """Turns article text into a MinHash signature; holds a word-hash cache.

    One-permutation MinHash (Li, Owen & Zhang 2012) with rotation densification (Shrivastava &
    Li 2014): every shingle is hashed once, the hash's top bits pick one of `permutations` bins
    and each bin keeps its minimum. Empty bins borrow the next non-empty bin's minimum (offset by
    the distance). This estimates Jaccard similarity like k independent permutations at the cost
    of one hash per shingle instead of k, which keeps a million-claim ledger fast.
    """

    permutations: int = 128
    shingle_words: int = 5
    _weights: npt.NDArray[np.uint64] = field(init=False)
    _shift: np.uint64 = field(init=False)
    _words: dict[str, int] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        bits = max(1, (self.permutations - 1).bit_length())
        if 1 << bits != self.permutations or bits > 8:
            raise ValueError("minhash_permutations must be a power of two, at most 256")
        self._weights = _seeded_u64("w", self.shingle_words) | np.uint64(1)
        self._shift = np.uint64(64 - bits)

    @classmethod
    def from_rules(cls, rules: ReconcileRules) -> MinHasher:
        return cls(rules.minhash_permutations, rules.shingle_words)

    def word_ids(self, text: str) -> list[int]:
        """Words are runs of non-space characters, lower-cased: copies keep their punctuation,
        and splitting on spaces is several times faster than a word regex."""
        words = text.lower().split()
        ids = list(map(self._words.get, words))
        if None in ids:
            ids = [i if i is not None else self._word(w) for i, w in zip(ids, words, strict=True)]
        return ids  # type: ignore[return-value]

    def signature(self, text: str) -> Signature:
        return self.signatures([text])[0]

    def signatures(self, texts: Sequence[str]) -> npt.NDArray[np.uint32]:
        """Signatures of many texts at once, one row each (vectorised across the batch)."""
        k = self.permutations
        width = self.shingle_words
        flat: list[int] = []
        starts: list[int] = []
        rows: list[int] = []
        for i, text in enumerate(texts):
            ids = self.word_ids(text)
            if not ids:
                continue
            # Shingles start at every word that leaves `width` words (or at the first word of a
            # shorter text, padded with zeros); the zeros also keep texts apart.
            n = max(1, len(ids) - width + 1)
            starts.extend(range(len(flat), len(flat) + n))
            rows.extend([i] * n)
            flat.extend(ids)
            flat.extend([0] * (width - 1))
        out = np.full((len(texts), k), _EMPTY, dtype=np.uint32)
        if not starts:
            return out
        words = np.array(flat, dtype=np.uint64)
        at = np.array(starts, dtype=np.int64)
        h = np.zeros(at.size, dtype=np.uint64)
        for j in range(width):
            h += words[at + j] * self._weights[j]
        hashes = _mix(h)
        row = np.array(rows, dtype=np.uint64)
        sizes = np.bincount(np.array(rows, dtype=np.int64), minlength=len(texts))
        bins = hashes >> self._shift
        values = (hashes >> np.uint64(16)) & np.uint64(0x7FFFFFFF)
        # One number per shingle that sorts by (text, bin, value): the first of each (text, bin)
        # run is that bin's minimum.
        packed = np.sort((row << np.uint64(40)) | (bins << np.uint64(32)) | values)
        cell = packed >> np.uint64(32)
        first = np.ones(packed.size, dtype=bool)
        first[1:] = cell[1:] != cell[:-1]
        at_row = (cell[first] >> np.uint64(8)).astype(np.int64)
        at_col = (cell[first] & np.uint64(0xFF)).astype(np.int64)
        minima = np.zeros((len(texts), k), dtype=np.uint64)
        filled = np.zeros((len(texts), k), dtype=bool)
        minima[at_row, at_col] = packed[first] & np.uint64(0xFFFFFFFF)
        filled[at_row, at_col] = True
        dense = _densify(minima, filled)
        has = sizes > 0
        out[has] = (dense[has] & np.uint64(0xFFFFFFFE)).astype(np.uint32)
        return out

    def _word(self, word: str) -> int:
        value = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
        if len(self._words) < 1_000_000:  # a cache, bounded: vocabulary is what repeats
            self._words[word] = value
        return value


def _densify(minima: npt.NDArray[np.uint64], filled: npt.NDArray[np.bool_]) -> npt.NDArray[np.uint64]:
    """Rotation densification: an empty bin takes the next filled bin's minimum (circularly),
    offset by the distance, so that two texts agree on it only when they agree on the source."""
    n, k = minima.shape
    index = np.where(filled, np.arange(k), 2 * k)
    doubled = np.concatenate([index, index + k], axis=1)
    doubled = np.where(doubled >= 2 * k, 4 * k, doubled)
    nearest = np.minimum.accumulate(doubled[:, ::-1], axis=1)[:, ::-1][:, :k]  # next filled
    nearest = np.where(nearest >= 2 * k, np.arange(k), nearest)  # rows with nothing filled
    source = nearest % k
    distance = (nearest - np.arange(k)).astype(np.uint64)
    taken = np.take_along_axis(minima, source, axis=1)
    return taken + distance * np.uint64(0x01000193)


def _mix(h: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """The splitmix64 finaliser: spreads the bits of each hash (vectorised)."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity: the share of permutations whose minima agree."""
    if a.size == 0 or a.size != b.size or bool((a == _EMPTY).all()):
        return 0.0
    return float(np.count_nonzero(a == b)) / a.size


def to_bytes(sig: Signature) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> Signature:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


OrderKey = Callable[[str], Any]
SMALL_BUCKET = 16  # candidates within a bucket this small are all paired; larger ones form a star


def near_duplicates(
    new: Mapping[str, Signature],
    known: Mapping[str, Signature],
    bands: int,
    floor: float,
    order: OrderKey,
) -> list[NearDuplicate]:
    """Near-duplicate pairs among `new` articles and between them and `known` ones.

    LSH banding, vectorised: each signature is cut into `bands` bands; for each band the articles
    are sorted by the band's value, and articles sharing a value are candidates. A bucket larger
    than SMALL_BUCKET (text that many articles share) pairs each member with its oldest member
    only, which is enough to cluster copies. Candidates are kept when their estimated similarity
    reaches `floor`; the older article of a pair (by `order`) is the original.
    """
    ids = list(known) + [a for a in new if a not in known]
    if len(ids) < 2 or not new:
        return []
    first_new = len(known)
    matrix = np.stack([known[a] if i < first_new else new[a] for i, a in enumerate(ids)])
    usable = ~(matrix == _EMPTY).all(axis=1)
    age = _Ages(ids, order)
    # Candidates are scored band by band and only pairs that reach the floor are kept: on a
    # corpus of articles that share paragraphs, the candidates of all bands together grew with
    # the corpus (tens of bytes per pair, millions of pairs) while the copies stay few.
    found: dict[tuple[int, int], float] = {}
    for keys in _band_keys(matrix, bands):
        rows = np.flatnonzero(usable)
        if first_new > 0:  # incremental: only buckets that hold a new article matter
            rows = rows[np.isin(keys[rows], keys[first_new:][usable[first_new:]])]
        by_key = rows[np.argsort(keys[rows], kind="stable")]
        sorted_keys = keys[by_key]
        cuts = np.flatnonzero(np.diff(sorted_keys)) + 1
        starts = np.concatenate(([0], cuts))
        sizes = np.diff(np.concatenate((starts, [by_key.size])))
        candidates: list[tuple[int, int]] = []
        for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(), strict=True):
            members = by_key[start : start + size].tolist()
            if max(members) < first_new:
                continue  # only known articles: checked when they were new
            candidates.extend(p for p in _bucket_pairs(members, age, first_new) if p not in found)
        _keep_similar(matrix, candidates, floor, found)
    out: list[NearDuplicate] = []
    for (i, j), score in found.items():
        copy, original = (i, j) if age.key(i) > age.key(j) else (j, i)
        out.append(NearDuplicate(ids[copy], ids[original], round(score, 4)))
    return sorted(out, key=lambda p: (p.original_id, p.article_id))


def _keep_similar(
    matrix: npt.NDArray[np.uint32], candidates: list[tuple[int, int]], floor: float, found: dict[tuple[int, int], float]
) -> None:
    """Add to `found` the candidate pairs whose estimated similarity reaches `floor`, scored a
    slice at a time (comparing all at once copies two signatures, 1 KB, per pair)."""
    for s in range(0, len(candidates), SCORE_BATCH):
        part = np.array(candidates[s : s + SCORE_BATCH], dtype=np.int64)
        scores = (matrix[part[:, 0]] == matrix[part[:, 1]]).mean(axis=1)
        for k in np.flatnonzero(scores >= floor).tolist():
            found[(int(part[k, 0]), int(part[k, 1]))] = float(scores[k])


def _band_keys(matrix: npt.NDArray[np.uint32], bands: int) -> Iterable[npt.NDArray[np.uint64]]:
    """One 64-bit value per article for each band (its rows folded together)."""
    n, k = matrix.shape
    rows = k // bands
    for band in range(bands):
        part = matrix[:, band * rows : (band + 1) * rows].astype(np.uint64)  # one band widened at a time
        if rows <= 2:
            key = part[:, 0] << np.uint64(32)
            if rows == 2:
                key = key | part[:, 1]
        else:
            key = np.full(n, np.uint64(band), dtype=np.uint64)
            for r in range(rows):
                key = _mix(key * np.uint64(0x100000001B3) + part[:, r])
        yield key


class _Ages:
    """Age order of articles by index, asked only for the few that turn out to be candidates."""

    def __init__(self, ids: list[str], order: OrderKey) -> None:
        self.ids, self.order = ids, order
        self.known: dict[int, Any] = {}

    def key(self, i: int) -> Any:
        if i not in self.known:
            self.known[i] = self.order(self.ids[i])
        return self.known[i]


def _bucket_pairs(members: list[int], age: _Ages, first_new: int) -> Iterable[tuple[int, int]]:
    if len(members) <= SMALL_BUCKET:
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                if a >= first_new or b >= first_new:
                    yield (a, b) if a < b else (b, a)
        return
    oldest = min(members, key=age.key)
    for m in members:
        if m != oldest and (m >= first_new or oldest >= first_new):
            yield (m, oldest) if m < oldest else (oldest, m)


def stories(pairs: Iterable[NearDuplicate], order: OrderKey) -> dict[str, str]:
    """Each copied article -> the original of its cluster (the oldest article in it)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    for pair in pairs:
        ra, rb = find(pair.article_id), find(pair.original_id)
        if ra != rb:
            parent.setdefault(ra, ra)
            parent.setdefault(rb, rb)
            first, second = sorted((ra, rb), key=order)
            parent[second] = first
    return {article: find(article) for article in parent if find(article) != article}
