"""course.datasets.documents: seeded help-centre articles, queries with ground truth, DuckDB."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from course.backends import duckdb_connection
from course.datasets.documents import (
    PRODUCTS,
    TOPICS,
    Article,
    Query,
    articles,
    load_articles,
    queries,
)
from course.embeddings import embed_many


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    return articles()


# --- articles() ------------------------------------------------------------------------------


def test_default_corpus_has_2000_articles_with_ids_1_to_n(corpus):
    assert len(corpus) == 2_000
    assert [article.id for article in corpus] == list(range(1, 2_001))


def test_same_seed_gives_identical_articles(corpus):
    assert articles(seed=2026) == corpus


def test_another_seed_gives_other_texts(corpus):
    assert [a.text for a in articles(seed=2027)] != [a.text for a in corpus]


def test_every_topic_and_product_pair_has_per_pair_articles():
    counts = Counter((a.topic, a.product) for a in articles(per_pair=3))
    assert counts == {(topic, product): 3 for topic in TOPICS for product in PRODUCTS}


def test_article_texts_are_all_different(corpus):
    assert len({article.text for article in corpus}) == len(corpus)


def test_every_article_names_its_product(corpus):
    for article in corpus:
        assert any(name.lower() in article.text.lower() for name in PRODUCTS[article.product]), \
            article


def test_templates_leave_no_unfilled_slot(corpus):
    assert not [a for a in corpus if "{" in a.text or "}" in a.text]


def test_text_is_title_then_body():
    article = Article(1, "invoice", "web", "Get an invoice", "Open Orders.")
    assert article.text == "Get an invoice. Open Orders."


# --- queries() -------------------------------------------------------------------------------


def test_one_query_per_topic_and_product_by_default(corpus):
    asked = queries(corpus=corpus)
    assert all(isinstance(q, Query) for q in asked)
    assert len(asked) == len(TOPICS) * len(PRODUCTS)
    assert {(q.topic, q.product) for q in asked} == {(t, p) for t in TOPICS for p in PRODUCTS}


def test_relevant_articles_are_exactly_those_of_the_query_topic_and_product(corpus):
    by_id = {article.id: article for article in corpus}
    for query in queries(corpus=corpus):
        assert len(query.relevant) == 10
        assert {(by_id[i].topic, by_id[i].product) for i in query.relevant} == \
            {(query.topic, query.product)}


def test_queries_are_worded_unlike_any_article_title(corpus):
    titles = {article.title.lower() for article in corpus}
    assert not [q.text for q in queries(per_pair=3, corpus=corpus) if q.text.lower() in titles]


def test_queries_are_seeded(corpus):
    assert queries(seed=7, corpus=corpus) == queries(seed=7, corpus=corpus)
    assert queries(seed=7, corpus=corpus) != queries(seed=8, corpus=corpus)


def test_embedder_ranks_a_relevant_article_in_the_top_5_for_most_queries(corpus):
    asked = queries(corpus=corpus)
    vectors = embed_many(article.text for article in corpus)
    top = np.argsort(-(embed_many(q.text for q in asked) @ vectors.T), axis=1)[:, :5] + 1
    hits = [bool(set(row.tolist()) & set(q.relevant)) for row, q in zip(top, asked, strict=True)]
    assert sum(hits) / len(hits) > 0.85


# --- load_articles() -------------------------------------------------------------------------


def test_load_articles_fills_the_table_with_the_corpus(corpus):
    con = duckdb_connection()
    assert load_articles(con) == corpus
    assert con.execute("SELECT count(*), min(id), max(id) FROM articles").fetchall() == \
        [(2_000, 1, 2_000)]
    first = corpus[0]
    assert con.execute("SELECT * FROM articles WHERE id = 1").fetchall() == \
        [(first.id, first.topic, first.product, first.title, first.body)]


def test_load_articles_takes_a_custom_corpus_and_table_name():
    con = duckdb_connection()
    mine = [Article(7, "invoice", "web", "Get an invoice", "Open Orders."),
            Article(9, "invoice", "tv", "Invoice on TV", "Open Help.")]
    assert load_articles(con, table="help", corpus=mine) == mine
    assert con.execute("SELECT id, product FROM help ORDER BY id").fetchall() == \
        [(7, "web"), (9, "tv")]


def test_load_articles_replaces_an_existing_table():
    con = duckdb_connection()
    load_articles(con, corpus=[Article(1, "invoice", "web", "A", "B")])
    load_articles(con, corpus=[Article(2, "invoice", "web", "C", "D")])
    assert con.execute("SELECT id FROM articles").fetchall() == [(2,)]
