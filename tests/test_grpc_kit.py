"""course.grpc_kit: run-time protoc, a loopback server that stops, status codes, seeded stock."""

from __future__ import annotations

import socket
import threading

import grpc
import pytest

from course import grpc_kit


@pytest.fixture(scope="module")
def inventory():
    return grpc_kit.compile_proto(grpc_kit.INVENTORY_PROTO)


def make_servicer(pb2, pb2_grpc, stock):
    class Servicer(pb2_grpc.InventoryServicer):
        def GetStock(self, request, context):
            if request.sku not in stock:
                context.abort(grpc.StatusCode.NOT_FOUND, f"no such sku: {request.sku}")
            available, warehouse = stock[request.sku]
            return pb2.StockLevel(sku=request.sku, available=available, warehouse=warehouse)

    return Servicer()


def test_describe_proto_reports_field_numbers_types_and_streaming_flags():
    summary = grpc_kit.summarize(grpc_kit.describe_proto(grpc_kit.INVENTORY_PROTO))
    assert summary["syntax"] == "proto3"
    assert summary["package"] == "shopfast.inventory.v1"
    assert summary["messages"]["StockLevel"] == {
        "sku": (1, "string", "singular"),
        "available": (2, "int32", "singular"),
        "warehouse": (3, "string", "singular"),
    }
    methods = summary["services"]["Inventory"]
    assert methods["GetStock"][2:] == (False, False)
    assert methods["ListStock"] == ("shopfast.inventory.v1.ListStockRequest",
                                    "shopfast.inventory.v1.StockLevel", False, True)


def test_summarize_names_repeated_and_message_typed_fields():
    text = ('syntax = "proto3"; package p;\n'
            "message A { repeated string tags = 4; B b = 2; }\nmessage B { bool ok = 1; }\n")
    fields = grpc_kit.summarize(grpc_kit.describe_proto(text))["messages"]["A"]
    assert fields == {"tags": (4, "string", "repeated"), "b": (2, "p.B", "singular")}


def test_describe_proto_can_compile_a_changed_contract_under_the_same_name_again():
    first = grpc_kit.describe_proto('syntax = "proto3"; package p; message M { int32 a = 1; }')
    second = grpc_kit.describe_proto('syntax = "proto3"; package p; message M { string a = 1; }')
    assert first.message_type[0].field[0].type != second.message_type[0].field[0].type


def test_describe_proto_can_import_well_known_types():
    text = ('syntax = "proto3"; import "google/protobuf/timestamp.proto";\n'
            "message M { google.protobuf.Timestamp at = 1; }")
    fields = grpc_kit.summarize(grpc_kit.describe_proto(text))["messages"]["M"]
    assert fields == {"at": (1, "google.protobuf.Timestamp", "singular")}


def test_a_reused_field_number_raises_proto_error_with_protocs_message():
    text = 'syntax = "proto3"; message M { string a = 1; int32 b = 1; }'
    with pytest.raises(grpc_kit.ProtoError, match="Field number 1 has already been used"):
        grpc_kit.describe_proto(text)


def test_describe_proto_refuses_a_non_string():
    with pytest.raises(TypeError):
        grpc_kit.describe_proto(None)


def test_compile_proto_returns_the_same_modules_for_the_same_text(inventory):
    assert grpc_kit.compile_proto(grpc_kit.INVENTORY_PROTO) == inventory
    pb2, pb2_grpc = inventory
    assert pb2.StockLevel(sku="MUG-001", available=3).available == 3
    assert hasattr(pb2_grpc, "InventoryStub")


def test_compile_proto_compiles_a_changed_contract_again_beside_the_published_one(inventory):
    pb2, _ = inventory
    changed = grpc_kit.INVENTORY_PROTO.replace("string warehouse = 3;", "int32 warehouse = 3;")
    new_pb2, new_pb2_grpc = grpc_kit.compile_proto(changed, "changed_inventory")
    assert new_pb2.StockLevel(warehouse=4).warehouse == 4
    assert pb2.StockLevel(warehouse="ams-1").warehouse == "ams-1"  # the published one still works
    again, _ = grpc_kit.compile_proto(changed.replace("int32 warehouse", "int64 warehouse"),
                                      "changed_inventory")
    assert again is not new_pb2 and again.StockLevel(warehouse=2**40).warehouse == 2**40
    assert hasattr(new_pb2_grpc, "add_InventoryServicer_to_server")


def test_compile_proto_loads_contracts_that_import_well_known_types():
    text = ('syntax = "proto3"; package stamped; import "google/protobuf/timestamp.proto";\n'
            "message M { google.protobuf.Timestamp at = 1; }")
    pb2, _ = grpc_kit.compile_proto(text, "stamped")
    message = pb2.M()
    message.at.seconds = 1_767_225_600
    assert pb2.M.FromString(message.SerializeToString()).at.seconds == 1_767_225_600


def test_serve_answers_on_loopback_and_rpc_code_names_the_status(inventory):
    pb2, pb2_grpc = inventory
    servicer = make_servicer(pb2, pb2_grpc, {"MUG-001": (5, "ams-1")})
    with grpc_kit.serve(pb2_grpc.add_InventoryServicer_to_server, servicer) as port, \
            grpc_kit.connect(port) as channel:
        stub = pb2_grpc.InventoryStub(channel)
        reply = stub.GetStock(pb2.StockRequest(sku="MUG-001"), timeout=grpc_kit.TIMEOUT)
        assert (reply.available, reply.warehouse) == (5, "ams-1")
        missing = pb2.StockRequest(sku="MUG-999")
        assert grpc_kit.rpc_code(lambda: stub.GetStock(missing, timeout=1)) == "NOT_FOUND"
        assert grpc_kit.rpc_code(lambda: None) == "OK"


def test_rpc_code_lets_other_errors_through():
    def broken():
        raise KeyError("not an RPC error")

    with pytest.raises(KeyError):
        grpc_kit.rpc_code(broken)


def test_serve_releases_its_port_on_exit_so_a_cell_can_run_again(inventory):
    pb2, pb2_grpc = inventory
    servicer = make_servicer(pb2, pb2_grpc, {})
    with grpc_kit.serve(pb2_grpc.add_InventoryServicer_to_server, servicer) as port:
        pass
    with socket.socket() as probe:
        probe.settimeout(1)
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # nothing listens there any more


def test_serve_stops_even_when_a_handler_is_still_blocked(inventory):
    pb2, pb2_grpc = inventory
    release = threading.Event()

    class Stuck(pb2_grpc.InventoryServicer):
        def GetStock(self, request, context):
            release.wait(2)
            return pb2.StockLevel()

    with grpc_kit.serve(pb2_grpc.add_InventoryServicer_to_server, Stuck()) as port, \
            grpc_kit.connect(port) as channel:
        stub = pb2_grpc.InventoryStub(channel)
        code = grpc_kit.rpc_code(lambda: stub.GetStock(pb2.StockRequest(), timeout=0.05))
    release.set()
    assert code == "DEADLINE_EXCEEDED"


def test_stock_levels_is_seeded_fresh_and_not_in_sku_order():
    first, second = grpc_kit.stock_levels(), grpc_kit.stock_levels()
    assert first == second and first is not second
    assert len(first) == 40 and list(first) != sorted(first)
    assert any(available == 0 for available, _ in first.values())
    assert grpc_kit.stock_levels(seed=1) != first


def test_connect_is_connected_before_the_first_call_and_the_warm_up_is_not_a_call(inventory):
    pb2, pb2_grpc = inventory
    seen = []

    class Counting(pb2_grpc.InventoryServicer):
        def GetStock(self, request, context):
            seen.append(request.sku)
            return pb2.StockLevel(sku=request.sku)

    with grpc_kit.serve(pb2_grpc.add_InventoryServicer_to_server, Counting()) as port, \
            grpc_kit.connect(port) as channel:
        states, reported = [], threading.Event()

        def report(state):
            states.append(state)
            reported.set()

        channel.subscribe(report, try_to_connect=False)  # first reports the current state
        assert reported.wait(1)
        channel.unsubscribe(report)
        assert states[0] == grpc.ChannelConnectivity.READY
        assert seen == []


def test_connect_raises_when_nothing_listens():
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        port = spare.getsockname()[1]  # bound, never listening: connections are refused
        with pytest.raises(grpc.RpcError) as raised, grpc_kit.connect(port):
            pass
    assert raised.value.code() == grpc.StatusCode.UNAVAILABLE
