"""The RAG kit: guides, labelled questions and the stand-in LLM are deterministic and consistent."""

from __future__ import annotations

import re

from course import rag_kit
from course.datasets.documents import PRODUCTS, TOPICS


def test_split_sentences_breaks_before_capitals_only():
    text = "Open Orders > Returns. It takes 3 to 5 days! When? (Prime) stays. Done."
    assert rag_kit.split_sentences(text) == [
        "Open Orders > Returns.", "It takes 3 to 5 days!", "When? (Prime) stays.", "Done."]
    assert rag_kit.split_sentences("   ") == []


def test_guides_have_one_section_per_topic_for_every_product():
    guides = rag_kit.guides()
    assert [g.doc_id for g in guides] == [f"guide-{p}" for p in PRODUCTS]
    for guide in guides:
        assert [s.topic for s in guide.sections] == list(TOPICS)
        assert all(s.doc_id == guide.doc_id for s in guide.sections)


def test_guides_are_the_same_on_every_call():
    assert rag_kit.guides() == rag_kit.guides()


def test_sentences_of_a_guide_rebuild_its_text():
    for guide in rag_kit.guides():
        assert " ".join(rag_kit.split_sentences(guide.text)) == guide.text


def test_every_answer_is_a_whole_sentence_found_once_in_all_guides():
    guides = rag_kit.guides()
    everything = " ".join(g.text for g in guides)
    sentences = [s for g in guides for s in rag_kit.split_sentences(g.text)]
    for guide in guides:
        for section in guide.sections:
            assert section.answer in sentences
            assert everything.count(section.answer) == 1, section.answer


def test_eval_set_has_three_questions_per_topic_with_their_guides_answer():
    items = rag_kit.eval_set()
    assert len(items) == 60 and len({i.id for i in items}) == 60
    assert {t: sum(i.topic == t for i in items) for t in TOPICS} == {t: 3 for t in TOPICS}
    answers = {(s.doc_id, s.topic): s.answer for g in rag_kit.guides() for s in g.sections}
    for item in items:
        assert item.answer == answers[(item.doc_id, item.topic)]
        assert item.question not in item.answer
    assert rag_kit.eval_set() == items


def test_relevant_ids_are_the_chunks_holding_the_whole_answer():
    item = rag_kit.eval_set()[0]
    half = len(item.answer) // 2
    chunks = [{"id": "whole", "text": f"Intro. {item.answer} Outro."},
              {"id": "cut", "text": item.answer[:half]},
              {"id": "other", "text": "Nothing to see."}]
    assert rag_kit.relevant_ids(chunks, item) == {"whole"}


def prompt(question: str, blocks: list[str]) -> str:
    numbered = "\n".join(f"[{n}] {text}" for n, text in enumerate(blocks, start=1))
    return f"Cite [n].\n\nContext:\n{numbered}\n\nQuestion: {question}\nAnswer:"


def test_parse_prompt_reads_blocks_and_question():
    blocks, question = rag_kit.parse_prompt(prompt("where is my refund", ["A.", "B."]))
    assert blocks == {1: "A.", 2: "B."} and question == "where is my refund"


def test_answer_quotes_the_best_sentences_and_cites_their_blocks():
    text = rag_kit.answer(prompt("how long does a refund take", [
        "Gift cards never expire. Cards work everywhere.",
        "Is my refund late? A refund takes 3 to 5 days. Refund status is under Orders.",
    ]))
    assert text == "A refund takes 3 to 5 days. [2] Refund status is under Orders. [2]"


def test_answer_cites_only_blocks_in_the_prompt():
    for guide in rag_kit.guides()[:3]:
        blocks = [s.text for s in guide.sections[:4]]
        text = rag_kit.answer(prompt("how do I reset my password or delete my account", blocks))
        cited = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
        assert cited and cited <= set(range(1, len(blocks) + 1))


def test_answer_says_it_does_not_know_without_shared_words():
    unrelated = prompt("quantum chromodynamics", ["Refunds take days."])
    assert rag_kit.answer(unrelated) == rag_kit.NO_ANSWER
    assert rag_kit.answer("no blocks at all") == rag_kit.NO_ANSWER
