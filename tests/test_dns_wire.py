"""course.dns_wire: the sample DNS messages are valid RFC 1035 and compressed as documented."""

from __future__ import annotations

import struct

import pytest

from course import dns_wire
from course.dns_wire import (
    CLASS_IN,
    TYPE_A,
    TYPE_AAAA,
    TYPE_CNAME,
    TYPE_SOA,
    TYPE_TXT,
    MessageBuilder,
    full_name,
    labels,
    pointer,
)


def read_name(data: bytes, offset: int) -> tuple[str, int, int]:
    """(name, offset after it, pointers followed) - an oracle that insists pointers go back."""
    parts, after, hops = [], None, 0
    while True:
        length = data[offset]
        if length >= 0xC0:
            target = struct.unpack_from("!H", data, offset)[0] & 0x3FFF
            assert target < offset, f"pointer at {offset} to {target} does not point back"
            after = offset + 2 if after is None else after
            offset, hops = target, hops + 1
        elif length == 0:
            return ".".join(parts), (offset + 1 if after is None else after), hops
        else:
            assert length <= 63
            parts.append(data[offset + 1:offset + 1 + length].decode("ascii"))
            offset += 1 + length


def parse(data: bytes) -> dict:
    """Header, question and every record of every section, with the pointer hops per name."""
    query_id, flags, qd, an, ns, ar = struct.unpack_from("!6H", data)
    assert qd == 1
    qname, offset, _ = read_name(data, 12)
    qtype, qclass = struct.unpack_from("!HH", data, offset)
    offset += 4
    records = []
    for _ in range(an + ns + ar):
        name, offset, hops = read_name(data, offset)
        rtype, rclass, ttl, size = struct.unpack_from("!HHIH", data, offset)
        offset += 10
        rdata = data[offset:offset + size]
        target = read_name(data, offset) if rtype == TYPE_CNAME else None
        records.append({"name": name, "hops": hops, "type": rtype, "class": rclass, "ttl": ttl,
                        "rdata": rdata, "target": target})
        offset += size
    assert offset == len(data), "no trailing bytes"
    return {"id": query_id, "flags": flags, "counts": (qd, an, ns, ar),
            "question": (qname, qtype, qclass), "records": records}


@pytest.mark.parametrize("name", sorted(dns_wire.SAMPLES))
def test_every_sample_parses_to_the_end_and_counts_match_its_records(name):
    message = parse(dns_wire.SAMPLES[name]())
    assert message["flags"] & dns_wire.FLAG_QR
    assert sum(message["counts"][1:]) == len(message["records"])
    assert all(r["class"] == CLASS_IN for r in message["records"])


@pytest.mark.parametrize("name", sorted(dns_wire.SAMPLES))
def test_samples_are_deterministic_bytes(name):
    build = dns_wire.SAMPLES[name]
    assert type(build()) is bytes
    assert build() == build()


def test_sample_response_points_once_at_the_question():
    message = parse(dns_wire.sample_response())
    assert message["id"] == 0x1A2B
    assert message["question"] == ("www.shopfast.example", TYPE_A, CLASS_IN)
    assert [(r["name"], r["hops"], r["ttl"], r["rdata"]) for r in message["records"]] == [
        ("www.shopfast.example", 1, 300, bytes([203, 0, 113, 10])),
        ("www.shopfast.example", 1, 300, bytes([203, 0, 113, 11])),
    ]
    question_ends = 12 + len(full_name("www.shopfast.example")) + 4
    assert dns_wire.sample_response()[question_ends:question_ends + 2] == b"\xc0\x0c"


def test_sample_response_id_is_a_parameter():
    assert parse(dns_wire.sample_response(0xFFFF))["id"] == 0xFFFF


def test_cname_response_needs_two_hops_for_the_a_records():
    records = parse(dns_wire.cname_response())["records"]
    cname, *addresses = records
    assert (cname["type"], cname["ttl"]) == (TYPE_CNAME, 3_600)
    assert cname["target"][0] == "edge.shopfast.example"
    assert cname["target"][2] == 1  # "edge" then one pointer
    assert [(r["name"], r["hops"], r["type"], r["ttl"]) for r in addresses] == [
        ("edge.shopfast.example", 2, TYPE_A, 60), ("edge.shopfast.example", 2, TYPE_A, 60)]
    assert [r["rdata"] for r in addresses] == [bytes([203, 0, 113, 7]), bytes([203, 0, 113, 8])]


def test_deep_chain_response_has_names_three_and_four_pointers_deep():
    message = parse(dns_wire.deep_chain_response())
    assert message["question"] == ("api.eu.shopfast.example", TYPE_AAAA, CLASS_IN)
    records = message["records"]
    assert [r["target"][0] for r in records[:2]] == ["lb.eu.shopfast.example",
                                                     "v6.lb.eu.shopfast.example"]
    assert [(r["name"], r["hops"]) for r in records[2:]] == [
        ("v6.lb.eu.shopfast.example", 3), ("v6.lb.eu.shopfast.example", 4)]
    assert records[3]["rdata"] == bytes.fromhex("20010db8" + "00" * 10 + "00a2")


def test_txt_response_carries_a_length_prefixed_string():
    (record,) = parse(dns_wire.txt_response())["records"]
    assert (record["type"], record["ttl"], record["rdata"]) == (TYPE_TXT, 86_400,
                                                                b"\x0bv=spf1 -all")


def test_nxdomain_response_has_rcode_3_no_answers_and_an_soa_authority():
    message = parse(dns_wire.nxdomain_response())
    assert message["flags"] & 0xF == dns_wire.RCODE_NXDOMAIN
    assert message["counts"] == (1, 0, 1, 0)
    (soa,) = message["records"]
    assert (soa["name"], soa["type"]) == ("shopfast.example", TYPE_SOA)


def test_names_are_compressed_rather_than_repeated():
    for build in dns_wire.SAMPLES.values():
        data = build()
        assert data.count(b"\x08shopfast\x07example\x00") == 1


def test_labels_and_full_name_write_length_prefixed_labels():
    assert labels("www.example.com.") == b"\x03www\x07example\x03com"
    assert full_name("example.com") == b"\x07example\x03com\x00"
    assert full_name("x" * 63 + ".example")[:1] == b"\x3f"
    with pytest.raises(ValueError, match="63"):
        labels("x" * 64 + ".example")


@pytest.mark.parametrize(("offset", "expected"), [(12, b"\xc0\x0c"), (0x3FFF, b"\xff\xff")])
def test_pointer_sets_the_two_top_bits(offset, expected):
    assert pointer(offset) == expected


@pytest.mark.parametrize("offset", [-1, 0x4000])
def test_pointer_refuses_offsets_outside_14_bits(offset):
    with pytest.raises(ValueError):
        pointer(offset)


def test_builder_reports_where_each_part_starts():
    builder = MessageBuilder(1, 0, (1, 1, 0, 0))
    assert builder.add(full_name("a.example")) == 12
    owner, rdata = builder.record(pointer(12), TYPE_A, 5, b"\x01\x02\x03\x04")
    assert (owner, rdata) == (23, 35)
    assert builder.message()[rdata:] == b"\x01\x02\x03\x04"
