"""A deterministic local text embedder (signed feature hashing) and a toy IVF index, offline."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

DIM = 256
WORD_WEIGHT = 1.0
NGRAM_WEIGHT = 0.3
NGRAM = 3
_STOP_WORDS = """
    a an and are as at be but by can could do does did for from get got has have how i if in
    into is it its me my of on or our so than that the their them then there this to too up us
    was we what when where which who why will with would you your yours
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """The lower-cased words of `text` that are not stop words, in order."""
    return [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


def features(text: str) -> dict[str, float]:
    """The weighted features of `text`: its words and their character n-grams."""
    weights: dict[str, float] = {}
    for word in words(text):
        weights[f"w:{word}"] = weights.get(f"w:{word}", 0.0) + WORD_WEIGHT
        padded = f"<{word}>"
        for start in range(len(padded) - NGRAM + 1):
            gram = f"c:{padded[start:start + NGRAM]}"
            weights[gram] = weights.get(gram, 0.0) + NGRAM_WEIGHT
    return weights


@functools.lru_cache(maxsize=1 << 16)
def _slot(feature: str, dim: int) -> tuple[int, float]:
    """The slot and sign of a feature: stable across runs and platforms (BLAKE2b, not hash())."""
    digest = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "big")
    return digest % dim, 1.0 if digest >> 63 else -1.0


def embed(text: str, dim: int = DIM) -> np.ndarray:
    """A float32 vector of shape (dim,) with length 1; all zeros for a text with no words.

    No model is involved:

    1. lower-case the text and split it into words (`[a-z0-9]+`), dropping common stop words;
    2. every word is a feature (`w:refund`), and so is every character 3-gram of the word padded
       with `<` and `>` (`c:<re`, `c:ref`, ..., `c:nd>`), with a smaller weight;
    3. each feature is hashed with BLAKE2b (the same on every run, machine and Python version,
       unlike `hash()`): the hash picks one of `dim` slots and a sign, and the weight is added
       there;
    4. the vector is scaled to length 1, so the dot product of two embeddings is their cosine.

    Why it retrieves paraphrases: texts that share words, or pieces of words ("refund" and
    "refunds"), add weight to the same slots, so their vectors point the same way. Where it fails
    and a neural model (e.g. all-MiniLM-L6-v2) does not: synonyms that share no letters ("track my
    parcel" vs "where is my package"), word order and negation ("do not cancel my order" is close
    to "cancel my order"), and meaning that depends on context. Hash collisions add a little noise:
    unrelated features can share a slot (the random signs make collisions cancel out on average).
    """
    vector = np.zeros(dim, dtype=np.float64)
    for feature, weight in features(text).items():
        slot, sign = _slot(feature, dim)
        vector[slot] += sign * weight
    norm = float(np.linalg.norm(vector))
    return (vector / norm if norm else vector).astype(np.float32)


def embed_many(texts: Iterable[str], dim: int = DIM) -> np.ndarray:
    """One row per text: a float32 matrix of shape (len(texts), dim), rows of length 1."""
    rows = [embed(text, dim) for text in texts]
    return np.vstack(rows) if rows else np.zeros((0, dim), dtype=np.float32)


@dataclass(frozen=True)
class IVFIndex:
    """An inverted-file (IVF) index: `lists[j]` holds the row numbers whose nearest centroid is j.

    `centroids` is a float32 matrix (n_lists, dim) of unit rows; each list is an ascending int64
    array. A search compares the query with the centroids, then scans only the best `nprobe`
    lists, instead of every row: faster, and approximate.
    """

    centroids: np.ndarray
    lists: tuple[np.ndarray, ...]

    @property
    def n_lists(self) -> int:
        return len(self.lists)


def build_ivf(vectors: np.ndarray, n_lists: int = 32, *, seed: int = 0,
              iterations: int = 10) -> IVFIndex:
    """Partition unit-length `vectors` with spherical k-means (cosine), seeded: deterministic."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if not 1 <= n_lists <= len(vectors):
        raise ValueError(f"need 1 <= n_lists <= {len(vectors)} rows, got {n_lists}")
    rng = np.random.default_rng(seed)
    centroids = vectors[np.sort(rng.choice(len(vectors), size=n_lists, replace=False))].copy()
    labels = np.zeros(len(vectors), dtype=np.int64)
    for _ in range(iterations):
        labels = np.argmax(vectors @ centroids.T, axis=1)
        for j in range(n_lists):
            members = vectors[labels == j]
            if len(members):  # an empty partition keeps its old centroid
                total = members.sum(axis=0)
                norm = float(np.linalg.norm(total))
                if norm:
                    centroids[j] = total / norm
    labels = np.argmax(vectors @ centroids.T, axis=1)
    lists = tuple(np.flatnonzero(labels == j) for j in range(n_lists))
    return IVFIndex(centroids=centroids, lists=lists)

