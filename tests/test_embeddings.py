"""course.embeddings: a deterministic hashing embedder and a seeded IVF index."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import numpy as np
import pytest

from course import embeddings
from course.datasets.documents import articles
from course.embeddings import DIM, IVFIndex, build_ivf, embed, embed_many


def cosine(first: str, second: str) -> float:
    return float(embed(first) @ embed(second))


# --- embed() ---------------------------------------------------------------------------------


def test_embed_returns_a_float32_vector_of_dim_numbers():
    vector = embed("Where is my refund?")
    assert vector.dtype == np.float32
    assert vector.shape == (DIM,)


def test_dim_argument_sets_the_vector_size():
    assert embed("Where is my refund?", dim=64).shape == (64,)


@pytest.mark.parametrize("text", ["refund", "How do I reset my password?",
                                  "Track your parcel from the mobile app " * 20])
def test_embedding_of_a_text_with_words_has_length_one(text):
    assert abs(float(np.linalg.norm(embed(text))) - 1.0) < 1e-6


@pytest.mark.parametrize("text", ["", "   ", "?!", "how do I do it"])
def test_text_without_content_words_embeds_to_all_zeros(text):
    assert not embed(text).any()


def test_same_text_gives_the_identical_vector():
    assert embed("Cancel my Prime membership").tobytes() == \
        embed("Cancel my Prime membership").tobytes()


def test_vectors_do_not_depend_on_python_hash_randomisation():
    code = ("from course.embeddings import embed; "
            "print(embed('Cancel my Prime membership').tobytes().hex())")
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outputs.add(subprocess.run([sys.executable, "-c", code], env=env, check=True,
                                   capture_output=True, text=True).stdout)
    assert outputs == {embed("Cancel my Prime membership").tobytes().hex() + "\n"}


def test_feature_slots_and_signs_are_pinned_so_stored_vectors_stay_valid():
    # BLAKE2b is the same everywhere: if this changes, every stored embedding is invalid.
    vector = embed("refund")
    slots = [62, 84, 89, 95, 163, 171, 196]  # the word and its 6 character 3-grams
    assert np.flatnonzero(vector).tolist() == slots
    assert np.sign(vector[slots]).tolist() == [1.0, 1.0, -1.0, -1.0, 1.0, -1.0, -1.0]


def test_case_and_punctuation_do_not_change_the_vector():
    assert np.array_equal(embed("Where is my REFUND?!"), embed("where is my refund"))


def test_stop_words_are_ignored():
    assert np.array_equal(embed("How do I reset my password?"), embed("reset password"))


def test_paraphrase_sharing_words_is_closer_than_an_unrelated_question():
    question = "How do I reset my password?"
    assert cosine(question, "I forgot my password, how do I reset it?") > 0.8
    assert cosine(question, "How do I cancel my subscription?") < 0.2


def test_shared_word_pieces_bring_inflections_closer():
    # "refund" and "refunds" are different words but share 5 of their character 3-grams.
    assert cosine("refund", "refunds") > 0.25
    assert cosine("refund", "refunds") > cosine("refund", "invoice") + 0.3


def test_synonyms_without_shared_letters_are_not_recognised():
    # The documented limit of a hashing embedder: a neural model would score these high.
    assert cosine("How do I track my parcel?", "Where is my package?") < 0.2


def test_embed_many_stacks_the_rows_embed_returns():
    texts = ["Where is my refund?", "Cancel my order", ""]
    matrix = embed_many(texts)
    assert matrix.dtype == np.float32
    assert matrix.shape == (3, DIM)
    for row, text in zip(matrix, texts, strict=True):
        assert np.array_equal(row, embed(text))


def test_embed_many_of_nothing_is_an_empty_matrix():
    assert embed_many([]).shape == (0, DIM)


def test_embedding_the_whole_corpus_takes_under_a_second():
    texts = [article.text for article in articles()]
    embeddings._slot.cache_clear()  # a cold start: every feature is hashed again
    started = time.perf_counter()
    matrix = embed_many(texts)
    assert time.perf_counter() - started < 1.0
    assert matrix.shape == (2_000, DIM)


# --- build_ivf() -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_vectors() -> np.ndarray:
    return embed_many(article.text for article in articles())


def test_ivf_puts_every_row_in_exactly_one_partition(corpus_vectors):
    index = build_ivf(corpus_vectors, n_lists=16)
    assert isinstance(index, IVFIndex)
    assert index.n_lists == 16
    rows = np.concatenate(index.lists)
    assert sorted(rows.tolist()) == list(range(len(corpus_vectors)))
    assert all(np.array_equal(members, np.sort(members)) for members in index.lists)


def test_ivf_centroids_have_length_one(corpus_vectors):
    centroids = build_ivf(corpus_vectors, n_lists=16).centroids
    assert centroids.shape == (16, DIM)
    assert np.allclose(np.linalg.norm(centroids, axis=1), 1.0, atol=1e-5)


def test_ivf_rows_belong_to_their_most_similar_centroid(corpus_vectors):
    index = build_ivf(corpus_vectors, n_lists=16)
    nearest = np.argmax(corpus_vectors @ index.centroids.T, axis=1)
    for j, members in enumerate(index.lists):
        assert (nearest[members] == j).all()


def test_ivf_with_the_same_seed_is_identical(corpus_vectors):
    first, second = build_ivf(corpus_vectors, 16, seed=3), build_ivf(corpus_vectors, 16, seed=3)
    assert np.array_equal(first.centroids, second.centroids)
    assert all(np.array_equal(a, b) for a, b in zip(first.lists, second.lists, strict=True))


def test_ivf_with_another_seed_partitions_differently(corpus_vectors):
    first, second = build_ivf(corpus_vectors, 16, seed=3), build_ivf(corpus_vectors, 16, seed=4)
    assert not np.array_equal(first.centroids, second.centroids)


def test_ivf_groups_similar_articles_together(corpus_vectors):
    # k-means is worth its cost: a row's partition holds more of its 10 nearest neighbours
    # than a random partition of the same size would (about 10 / 32 of them).
    index = build_ivf(corpus_vectors, n_lists=32)
    partition = np.empty(len(corpus_vectors), dtype=np.int64)
    for j, members in enumerate(index.lists):
        partition[members] = j
    neighbours = np.argsort(-(corpus_vectors[:200] @ corpus_vectors.T), axis=1)[:, 1:11]
    shared = (partition[neighbours] == partition[:200, None]).mean()
    assert shared > 0.5


@pytest.mark.parametrize("n_lists", [0, 2_001])
def test_ivf_rejects_a_number_of_partitions_outside_1_to_n(corpus_vectors, n_lists):
    with pytest.raises(ValueError, match="n_lists"):
        build_ivf(corpus_vectors, n_lists=n_lists)
