"""DNS wire-format sample messages (RFC 1035), built byte by byte with name compression."""

from __future__ import annotations

import ipaddress
import struct

TYPE_A = 1
TYPE_CNAME = 5
TYPE_SOA = 6
TYPE_TXT = 16
TYPE_AAAA = 28
CLASS_IN = 1
RCODE_NOERROR = 0
RCODE_NXDOMAIN = 3

FLAG_QR = 0x8000  # this message is a response
FLAG_RD = 0x0100  # recursion desired
FLAG_RA = 0x0080  # recursion available
RESPONSE_FLAGS = FLAG_QR | FLAG_RD | FLAG_RA


class MessageBuilder:
    """Appends the parts of one DNS message and remembers where each part starts.

    Offsets are counted from the first byte of the header, as compression pointers count them.
    """

    def __init__(self, query_id: int, flags: int, counts: tuple[int, int, int, int]) -> None:
        self.data = bytearray(struct.pack("!6H", query_id, flags, *counts))

    def add(self, part: bytes) -> int:
        """Append `part`; returns the offset it starts at."""
        offset = len(self.data)
        self.data += part
        return offset

    def record(self, owner: bytes, rtype: int, ttl: int, rdata: bytes) -> tuple[int, int]:
        """Append a resource record of class IN; returns (offset of its owner, offset of rdata)."""
        start = self.add(owner)
        self.add(struct.pack("!HHIH", rtype, CLASS_IN, ttl, len(rdata)))
        return start, self.add(rdata)

    def message(self) -> bytes:
        return bytes(self.data)


def labels(name: str) -> bytes:
    """The labels of `name` as length-prefixed bytes, without the terminating zero."""
    parts = [p.encode("ascii") for p in name.rstrip(".").split(".") if p]
    if any(len(p) > 63 for p in parts):
        raise ValueError(f"a label of {name!r} is longer than 63 bytes")
    return b"".join(bytes([len(p)]) + p for p in parts)


def full_name(name: str) -> bytes:
    """`name` uncompressed: its labels and the terminating zero-length label."""
    return labels(name) + b"\x00"


def pointer(offset: int) -> bytes:
    """A compression pointer: the two top bits set, then a 14-bit offset into the message."""
    if not 0 <= offset < 0x4000:
        raise ValueError(f"a pointer offset must fit in 14 bits, got {offset}")
    return struct.pack("!H", 0xC000 | offset)


def _question(builder: MessageBuilder, name: str, qtype: int) -> int:
    start = builder.add(full_name(name))
    builder.add(struct.pack("!HH", qtype, CLASS_IN))
    return start


def _ipv4(address: str) -> bytes:
    return ipaddress.IPv4Address(address).packed


def _ipv6(address: str) -> bytes:
    return ipaddress.IPv6Address(address).packed


def sample_response(query_id: int = 0x1A2B) -> bytes:
    """www.shopfast.example A: two addresses whose owner names point back at the question.

    Every pointer is one hop: it lands on plain labels.
    """
    builder = MessageBuilder(query_id, RESPONSE_FLAGS, (1, 2, 0, 0))
    question = _question(builder, "www.shopfast.example", TYPE_A)
    builder.record(pointer(question), TYPE_A, 300, _ipv4("203.0.113.10"))
    builder.record(pointer(question), TYPE_A, 300, _ipv4("203.0.113.11"))
    return builder.message()


def cname_response(query_id: int = 0x4242) -> bytes:
    """www.shopfast.example A, answered through a CNAME: a chain of two pointers.

    The CNAME's target is the label "edge" then a pointer to "shopfast.example" inside the
    question; the A records' owner is a pointer to that target, so reading it takes two hops.
    """
    builder = MessageBuilder(query_id, RESPONSE_FLAGS, (1, 3, 0, 0))
    question = _question(builder, "www.shopfast.example", TYPE_A)
    parent = question + 4  # skip the "\x03www" label: "shopfast.example" starts here
    _, target = builder.record(pointer(question), TYPE_CNAME, 3_600,
                               labels("edge") + pointer(parent))
    builder.record(pointer(target), TYPE_A, 60, _ipv4("203.0.113.7"))
    builder.record(pointer(target), TYPE_A, 60, _ipv4("203.0.113.8"))
    return builder.message()


def deep_chain_response(query_id: int = 0xBEEF) -> bytes:
    """api.eu.shopfast.example AAAA through two CNAMEs: names three pointers deep.

    The last record's owner is a pointer to another record's owner, which is itself a pointer
    (pointer to pointer), as some servers write it.
    """
    builder = MessageBuilder(query_id, RESPONSE_FLAGS, (1, 4, 0, 0))
    question = _question(builder, "api.eu.shopfast.example", TYPE_AAAA)
    eu = question + 4  # after "\x03api"
    _, lb = builder.record(pointer(question), TYPE_CNAME, 600, labels("lb") + pointer(eu))
    _, v6 = builder.record(pointer(lb), TYPE_CNAME, 300, labels("v6") + pointer(lb))
    owner, _ = builder.record(pointer(v6), TYPE_AAAA, 120, _ipv6("2001:db8::a1"))
    builder.record(pointer(owner), TYPE_AAAA, 120, _ipv6("2001:db8::a2"))
    return builder.message()


def txt_response(query_id: int = 0x0007) -> bytes:
    """shopfast.example TXT: one record whose rdata is not an address (a length-prefixed string)."""
    builder = MessageBuilder(query_id, RESPONSE_FLAGS, (1, 1, 0, 0))
    question = _question(builder, "shopfast.example", TYPE_TXT)
    text = b"v=spf1 -all"
    builder.record(pointer(question), TYPE_TXT, 86_400, bytes([len(text)]) + text)
    return builder.message()


def nxdomain_response(query_id: int = 0x0BAD) -> bytes:
    """nope.shopfast.example A: NXDOMAIN, no answers, and an SOA record in the authority section.

    The SOA's owner and its two names are compressed against the question.
    """
    builder = MessageBuilder(query_id, RESPONSE_FLAGS | RCODE_NXDOMAIN, (1, 0, 1, 0))
    question = _question(builder, "nope.shopfast.example", TYPE_A)
    zone = question + 5  # after "\x04nope"
    soa = (labels("ns1") + pointer(zone) + labels("hostmaster") + pointer(zone)
           + struct.pack("!5I", 2026010101, 7_200, 900, 1_209_600, 300))
    builder.record(pointer(zone), TYPE_SOA, 300, soa)
    return builder.message()


SAMPLES = {
    "sample": sample_response,
    "cname": cname_response,
    "deep_chain": deep_chain_response,
    "txt": txt_response,
    "nxdomain": nxdomain_response,
}
