"""Help-centre guides, a labelled RAG evaluation set and a deterministic stand-in LLM (no model)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from course.datasets.documents import PRODUCTS, TOPICS, articles, queries
from course.embeddings import words

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_BLOCK = re.compile(r"^\[(\d+)\] (.+)$")
NO_ANSWER = "I don't know: the context does not answer this question."


@dataclass(frozen=True)
class Section:
    """One topic of a guide: `answer` is its first body sentence, the one that answers it."""

    doc_id: str
    topic: str
    text: str
    answer: str


@dataclass(frozen=True)
class Guide:
    """One product's help guide: its sections' texts joined by single spaces."""

    doc_id: str
    product: str
    sections: tuple[Section, ...]

    @property
    def text(self) -> str:
        return " ".join(section.text for section in self.sections)


@dataclass(frozen=True)
class LabelledQuestion:
    """A customer question, the guide that answers it and the sentence that answers it."""

    id: str
    question: str
    doc_id: str
    topic: str
    answer: str


def split_sentences(text: str) -> list[str]:
    """Sentences of `text`: a break after . ! or ? followed by white space and a capital."""
    text = text.strip()
    return [s for s in _SENTENCE_END.split(text) if s] if text else []


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def guides() -> list[Guide]:
    """One guide per product (10), with one section per topic (20): the first article of each
    (topic, product) pair of `course.datasets.documents.articles()`. Deterministic."""
    first: dict[tuple[str, str], tuple[str, str]] = {}
    for article in articles():
        first.setdefault((article.topic, article.product), (article.title, article.body))
    result = []
    for product in PRODUCTS:
        sections = []
        for topic in TOPICS:
            title, body = first[(topic, product)]
            body_sentences = split_sentences(body)
            sections.append(Section(f"guide-{product}", topic,
                                    f"{_sentence(title)} {body}", body_sentences[0]))
        result.append(Guide(f"guide-{product}", product, tuple(sections)))
    return result


def eval_set(size: int = 60, seed: int = 11) -> list[LabelledQuestion]:
    """`size` labelled questions (default 60, 3 per topic, products drawn with `seed`).

    Each question is worded unlike its guide (from `documents.queries`); its relevant chunks are
    those that contain its `answer` sentence whole (see `relevant_ids`).
    """
    sections = {(s.topic, g.product): s for g in guides() for s in g.sections}
    by_topic: dict[str, list] = {}
    for query in queries(per_pair=1, seed=7):
        by_topic.setdefault(query.topic, []).append(query)
    rng = random.Random(seed)
    per_topic = max(1, size // len(TOPICS))
    chosen = []
    for topic in TOPICS:
        chosen.extend(sorted(rng.sample(by_topic[topic], per_topic), key=lambda q: q.product))
    result = []
    for number, query in enumerate(chosen[:size], start=1):
        section = sections[(query.topic, query.product)]
        result.append(LabelledQuestion(f"q{number:03d}", query.text, section.doc_id,
                                       query.topic, section.answer))
    return result


def relevant_ids(chunks: list[dict], item: LabelledQuestion) -> set[str]:
    """Ids of the chunks (dicts with "id" and "text") that contain the item's answer sentence."""
    return {chunk["id"] for chunk in chunks if item.answer in chunk["text"]}


def parse_prompt(prompt: str) -> tuple[dict[int, str], str]:
    """The numbered context blocks (`[n] text` lines) and the `Question:` line of a prompt."""
    blocks: dict[int, str] = {}
    question = ""
    for line in prompt.splitlines():
        match = _BLOCK.match(line)
        if match:
            blocks[int(match[1])] = match[2]
        elif line.startswith("Question:"):
            question = line.removeprefix("Question:").strip()
    return blocks, question


def answer(prompt: str, max_sentences: int = 2) -> str:
    """A stand-in LLM: quote the context sentences that share the most words with the question.

    It reads the `[n] text` blocks and the `Question:` line of `prompt`, scores every sentence
    of every block (questions excepted) by the distinct non-stop words it shares with the
    question, and returns the best `max_sentences` (ties: lower block number, then earlier
    sentence) in context order, each followed by the marker of its block, e.g.
    "Open Orders in Prime and choose Cancel. [2]". It cites only blocks that are in the
    prompt; with no sentence sharing a word, it says it does not know.
    """
    blocks, question = parse_prompt(prompt)
    wanted = set(words(question))
    scored = []
    for number in sorted(blocks):
        for position, sentence in enumerate(split_sentences(blocks[number])):
            overlap = len(wanted & set(words(sentence)))
            if overlap and "?" not in sentence:  # a question in the context is no answer
                scored.append((-overlap, number, position, sentence))
    best = sorted(scored)[:max_sentences]
    if not best:
        return NO_ANSWER
    best.sort(key=lambda row: (row[1], row[2]))  # quote in the order of the context
    return " ".join(f"{sentence} [{number}]" for _, number, _, sentence in best)

