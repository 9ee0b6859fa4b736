"""Seeded help-centre articles and search queries with known relevant articles (ground truth)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import duckdb

# product -> the ways an article or a customer names it
PRODUCTS: dict[str, tuple[str, ...]] = {
    "app": ("the mobile app", "the phone app", "the iOS and Android app"),
    "web": ("the website", "the web shop", "the browser version"),
    "prime": ("Prime", "the Prime membership"),
    "pay": ("ShopFast Pay", "the Pay wallet"),
    "marketplace": ("Marketplace", "the seller marketplace"),
    "business": ("Business accounts", "ShopFast for Business"),
    "tv": ("the TV app", "the smart TV app"),
    "fresh": ("Fresh grocery delivery", "Fresh groceries"),
    "travel": ("Travel bookings", "the travel site"),
    "giftcards": ("gift cards", "the gift card shop"),
}

# topic -> (synonyms per slot, title templates, body templates, query templates); {p} = product
TOPICS: dict[str, tuple[dict[str, tuple[str, ...]], tuple[str, ...], tuple[str, ...],
                        tuple[str, ...]]] = {
    "password-reset": (
        {"r": ("reset", "change", "recover"), "pw": ("password", "passcode", "login password")},
        ("How to {r} your {pw} in {p}", "Forgot your {pw}? {r} it in {p}"),
        ("Open {p}, go to Settings > Security and choose {r} {pw}. The emailed link works for "
         "30 minutes.", "On the sign-in screen of {p} tap Forgot {pw} and follow the link."),
        ("I forgot my {pw} for {p}, how can I get back in?", "how do I {r} my {pw} on {p}"),
    ),
    "two-factor": (
        {"tf": ("two-factor authentication", "two-step verification", "2FA"),
         "c": ("verification code", "security code", "one-time code")},
        ("Turn on {tf} for {p}", "Set up {tf} in {p}"),
        ("In {p} open Settings > Security > {tf} and type the {c} from your authenticator.",
         "With {tf} on, {p} asks for a {c} when you sign in on a new device."),
        ("how do I enable {tf} on {p}", "{p} keeps asking me for a {c}"),
    ),
    "change-email": (
        {"ch": ("change", "update", "edit"), "em": ("email address", "email", "e-mail")},
        ("{ch} the {em} of your {p} account", "How to {ch} your {em} in {p}"),
        ("Go to Account > Profile in {p}, select {em} and confirm the new one from your inbox.",
         "To {ch} your {em}, open {p} and edit your profile; we send a confirmation link."),
        ("I want a different {em} on {p}", "{ch} my {em} for {p}"),
    ),
    "delete-account": (
        {"d": ("delete", "close", "remove"), "a": ("account", "profile")},
        ("{d} your {p} {a}", "How to permanently {d} your {a} in {p}"),
        ("In {p} open Settings > Privacy > {d} {a}. Your history is erased after 30 days.",
         "You can {d} your {a} from {p}; pending orders must be finished first."),
        ("please {d} my {a} for {p}", "how can I get rid of my {p} {a}"),
    ),
    "payment-method": (
        {"u": ("update", "change", "replace"), "card": ("credit card", "payment method",
                                                       "debit card")},
        ("{u} the {card} you use in {p}", "How to {u} your {card} on {p}"),
        ("Open Wallet > Payment methods in {p}, add the new {card} and make it the default.",
         "To {u} a {card}, sign in to {p} and edit your wallet."),
        ("my {card} expired, how do I {u} it in {p}", "add a new {card} to {p}"),
    ),
    "refund-status": (
        {"ref": ("refund", "reimbursement", "money back"), "w": ("arrive", "show up",
                                                                 "be processed")},
        ("When will my {ref} {w}? ({p})", "Check the status of a {ref} in {p}"),
        ("A {ref} for {p} goes to your original payment method and takes 3 to 5 business "
         "days to {w}.", "Track every {ref} in {p} under Orders > Returns and refunds."),
        ("where is my {ref} for {p}", "how long does a {ref} from {p} take to {w}"),
    ),
    "cancel-order": (
        {"c": ("cancel", "stop", "call off"), "o": ("order", "purchase")},
        ("{c} an {o} placed on {p}", "How to {c} your {o} in {p}"),
        ("In {p} open Orders, select the {o} and choose {c}. You can {c} it until it ships.",
         "An {o} on {p} that has not shipped yet can be cancelled from the order page."),
        ("I ordered by mistake on {p}, can I {c} the {o}", "{c} my {o} on {p}"),
    ),
    "return-item": (
        {"ret": ("return", "send back", "exchange"), "i": ("item", "product", "parcel")},
        ("{ret} an {i} bought on {p}", "How to {ret} your {i} from {p}"),
        ("Print a free label from Orders > Returns in {p} and drop the {i} at a post office "
         "within 30 days.", "Most {i}s from {p} can be {ret}ed for free within 30 days."),
        ("the {i} I got from {p} does not fit, how do I {ret} it", "{ret} {i} {p}"),
    ),
    "track-order": (
        {"t": ("track", "follow", "trace"), "pk": ("package", "parcel", "delivery",
                                                   "shipment")},
        ("{t} your {pk} from {p}", "Where is my {pk}? ({p})"),
        ("Open Orders in {p} and tap {t} {pk} to see the carrier and the delivery estimate.",
         "Every {pk} from {p} has a tracking number in the shipping email."),
        ("my {pk} from {p} has not arrived, where is it", "{t} my {pk} from {p}"),
    ),
    "change-address": (
        {"ch": ("change", "update", "correct"), "ad": ("delivery address", "shipping address",
                                                       "address")},
        ("{ch} the {ad} of an order in {p}", "How to {ch} your {ad} on {p}"),
        ("Before an order ships you can {ch} the {ad} in {p} under Orders > Details.",
         "Saved addresses live in {p} under Account > Addresses."),
        ("I moved, how do I {ch} my {ad} on {p}", "wrong {ad} on my {p} order"),
    ),
    "cancel-subscription": (
        {"c": ("cancel", "end", "stop"), "s": ("subscription", "membership", "plan")},
        ("{c} your {p} {s}", "How to {c} a {s} in {p}"),
        ("Go to Account > Memberships in {p} and choose {c} {s}. Benefits last until the end "
         "of the billing period.", "A {s} to {p} renews every month until you {c} it."),
        ("I don't want to pay for {p} anymore, how do I {c} my {s}", "{c} {s} {p}"),
    ),
    "invoice": (
        {"dl": ("download", "get", "print"), "inv": ("invoice", "receipt", "VAT invoice")},
        ("{dl} an {inv} for a {p} order", "Where to {dl} your {inv} in {p}"),
        ("Open Orders in {p}, pick the order and select {dl} {inv}; a PDF is emailed too.",
         "Every {p} order has an {inv} in the order details."),
        ("I need an {inv} for my {p} purchase for my expenses", "{dl} {inv} {p}"),
    ),
    "notifications": (
        {"off": ("turn off", "disable", "mute"), "n": ("notifications", "push notifications",
                                                       "marketing emails", "alerts")},
        ("{off} {n} from {p}", "How to {off} {n} in {p}"),
        ("In {p} go to Settings > Notifications and switch off the {n} you do not want.",
         "You choose which {n} {p} sends you in your settings."),
        ("{p} sends me too many {n}, how do I {off} them", "stop {n} from {p}"),
    ),
    "promo-code": (
        {"use": ("apply", "use", "redeem"), "code": ("promo code", "discount code", "coupon",
                                                     "voucher")},
        ("{use} a {code} at checkout in {p}", "How to {use} your {code} on {p}"),
        ("At checkout in {p} enter the {code} under the basket total and select {use}.",
         "One {code} per order; a {code} for {p} cannot be combined with other offers."),
        ("where do I enter a {code} on {p}", "my {code} does not work on {p}"),
    ),
    "damaged-item": (
        {"dmg": ("damaged", "broken", "faulty", "defective"), "i": ("item", "product",
                                                                    "order")},
        ("Your {i} from {p} arrived {dmg}", "What to do with a {dmg} {i} from {p}"),
        ("Take a photo of the {dmg} {i} and report it in {p} under Orders > Report a problem.",
         "For a {dmg} {i}, {p} sends a replacement or a full refund."),
        ("my {i} from {p} arrived {dmg}", "received a {dmg} {i} from {p}"),
    ),
    "sign-in-problem": (
        {"s": ("sign in", "log in", "login"), "e": ("error", "problem", "issue")},
        ("Cannot {s} to {p}", "Fix a {s} {e} in {p}"),
        ("If {p} shows a {s} {e}, check the date on your device and update {p}.",
         "Clearing cookies fixes most {s} {e}s on {p}."),
        ("I can't {s} to {p}", "{p} gives me a {s} {e}"),
    ),
    "payment-declined": (
        {"dec": ("declined", "rejected", "failed"), "pay": ("payment", "card payment",
                                                            "transaction")},
        ("Why was my {pay} {dec} in {p}?", "A {pay} {dec} on {p}: what now"),
        ("A {pay} in {p} is {dec} when the bank blocks it or the card has expired.",
         "Try another card if a {pay} on {p} is {dec} twice."),
        ("{p} says my {pay} was {dec}", "why does my {pay} keep getting {dec} on {p}"),
    ),
    "contact-support": (
        {"t": ("talk to", "contact", "chat with", "call"), "ag": ("support agent",
                                                                  "customer service",
                                                                  "support team")},
        ("How to {t} {ag} about {p}", "{t} {ag} for {p}"),
        ("Open Help in {p} and choose Chat or Call; {ag} answers from 8:00 to 22:00.",
         "The {ag} for {p} answers emails within one business day."),
        ("I want to {t} a human from {ag} about {p}", "phone number of {ag} for {p}"),
    ),
    "export-data": (
        {"x": ("export", "download", "get a copy of"), "d": ("personal data", "data",
                                                             "account data")},
        ("{x} your {d} from {p}", "How to {x} your {d} in {p}"),
        ("Request an archive under Settings > Privacy > {x} {d} in {p}; the link arrives "
         "within 48 hours.", "Under GDPR you can {x} all the {d} {p} holds about you."),
        ("how can I {x} all my {d} from {p}", "GDPR request for my {d} on {p}"),
    ),
    "app-crash": (
        {"cr": ("crashes", "freezes", "keeps closing", "stops responding"),
         "fx": ("fix", "solve", "troubleshoot")},
        ("{p} {cr}: how to {fx} it", "{fx} {p} when it {cr}"),
        ("When {p} {cr}, restart your device, update to the latest version and reinstall.",
         "If {p} still {cr}, send us the crash report from Settings > Help."),
        ("{p} {cr} every time I open it", "how to {fx} {p}, it {cr}"),
    ),
}
FOOTERS = (
    "Still stuck? Our support team can help.", "This article was updated last month.",
    "Was this article helpful?", "See also the related articles below.",
    "Available in every country we ship to.", "Screenshots may differ slightly on your device.",
)
_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Article:
    """One help-centre article; `text` (title + body) is what gets embedded."""

    id: int
    topic: str
    product: str
    title: str
    body: str

    @property
    def text(self) -> str:
        return f"{self.title}. {self.body}"


@dataclass(frozen=True)
class Query:
    """A customer's question; `relevant` are the ids of the articles that answer it."""

    text: str
    topic: str
    product: str
    relevant: tuple[int, ...]


def _fill(template: str, slots: dict[str, tuple[str, ...]], product: str,
          rng: random.Random) -> str:
    names = PRODUCTS[product]
    text = _SLOT.sub(lambda m: rng.choice(names if m[1] == "p" else slots[m[1]]), template)
    return text[0].upper() + text[1:]


def articles(per_pair: int = 10, seed: int = 2026) -> list[Article]:
    """`per_pair` distinct articles for every (topic, product) pair: 2 000 by default.

    Ids are 1..n, grouped by topic then product; the same seed always gives the same texts.
    """
    rng = random.Random(seed)
    result: list[Article] = []
    for topic, (slots, titles, bodies, _) in TOPICS.items():
        for product in PRODUCTS:
            seen: set[tuple[str, str]] = set()
            while len(seen) < per_pair:
                title = _fill(rng.choice(titles), slots, product, rng)
                body = f"{_fill(rng.choice(bodies), slots, product, rng)} {rng.choice(FOOTERS)}"
                if (title, body) not in seen:
                    seen.add((title, body))
                    result.append(Article(len(result) + 1, topic, product, title, body))
    return result


def queries(per_pair: int = 1, seed: int = 7, corpus: list[Article] | None = None) -> list[Query]:
    """`per_pair` customer questions per (topic, product), worded unlike the article titles.

    A question's relevant articles are those with its topic and product (in `corpus`, by
    default `articles()`).
    """
    corpus = articles() if corpus is None else corpus
    relevant: dict[tuple[str, str], list[int]] = {}
    for article in corpus:
        relevant.setdefault((article.topic, article.product), []).append(article.id)
    rng = random.Random(seed)
    result = []
    for topic, (slots, _, _, asks) in TOPICS.items():
        for product in PRODUCTS:
            for _ in range(per_pair):
                text = _fill(rng.choice(asks), slots, product, rng)
                result.append(Query(text, topic, product,
                                    tuple(relevant.get((topic, product), ()))))
    return result


def load_articles(con: duckdb.DuckDBPyConnection, table: str = "articles",
                  corpus: list[Article] | None = None) -> list[Article]:
    """Create `table` (id, topic, product, title, body) in DuckDB from `corpus` (default
    `articles()`) and return the articles. Embeddings are not stored: that is the exercise."""
    corpus = articles() if corpus is None else corpus
    con.execute(f"""CREATE OR REPLACE TABLE {table} (
                        id INTEGER PRIMARY KEY, topic VARCHAR NOT NULL,
                        product VARCHAR NOT NULL, title VARCHAR NOT NULL,
                        body VARCHAR NOT NULL)""")
    con.execute(
        f"""INSERT INTO {table}
            SELECT UNNEST($id), UNNEST($topic), UNNEST($product), UNNEST($title),
                   UNNEST($body)""",
        {"id": [a.id for a in corpus], "topic": [a.topic for a in corpus],
         "product": [a.product for a in corpus], "title": [a.title for a in corpus],
         "body": [a.body for a in corpus]},
    )
    return corpus
