"""gRPC for notebook 02/03: compile a .proto at run time, serve on 127.0.0.1:0, seeded stock."""

from __future__ import annotations

import contextlib
import hashlib
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent import futures
from pathlib import Path
from types import ModuleType
from typing import Any

import grpc
import grpc_tools
from google.protobuf import descriptor_pb2, descriptor_pool

TIMEOUT = 2.0  # seconds: every channel and call in the notebook gives up after this long
_WARM_UP = "/grpc_kit.WarmUp/Connect"  # a method no service has: answered UNIMPLEMENTED
PROTO_INCLUDE = str(Path(grpc_tools.__file__).parent / "_proto")  # google/protobuf/*.proto

# The contract the platform team published: Parts 2-4 of the notebook are built on it.
INVENTORY_PROTO = """\
syntax = "proto3";

package shopfast.inventory.v1;

message StockRequest {
  string sku = 1;
}

message StockLevel {
  string sku = 1;
  int32 available = 2;
  string warehouse = 3;
}

message ListStockRequest {
  string prefix = 1;
}

service Inventory {
  rpc GetStock(StockRequest) returns (StockLevel);
  rpc ListStock(ListStockRequest) returns (stream StockLevel);
}
"""

_loaded: dict[str, tuple[str, tuple[ModuleType, ModuleType]]] = {}  # name -> (digest, modules)


class ProtoError(ValueError):
    """protoc rejected a .proto text; the message is protoc's own, with line and column."""


def _protoc(text: str, name: str, folder: Path, *outputs: str) -> None:
    (folder / f"{name}.proto").write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "grpc_tools.protoc", f"-I{folder}", f"-I{PROTO_INCLUDE}",
               *outputs, f"{name}.proto"]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True,
                          timeout=30, check=False)
    if done.returncode != 0:
        raise ProtoError(done.stderr.strip() or f"protoc exited with {done.returncode}")


def describe_proto(text: str, name: str = "contract") -> descriptor_pb2.FileDescriptorProto:
    """Compile `text` and return its descriptor, without importing or registering anything
    (so a contract can be changed and compiled again in the same kernel)."""
    if not isinstance(text, str):
        raise TypeError(f"a .proto contract is a str, not {type(text).__name__}")
    with tempfile.TemporaryDirectory(prefix="proto-") as tmp:
        folder = Path(tmp)
        _protoc(text, name, folder, "--descriptor_set_out=contract.pb")
        files = descriptor_pb2.FileDescriptorSet.FromString((folder / "contract.pb").read_bytes())
    return files.file[-1]


def compile_proto(text: str, name: str = "inventory") -> tuple[ModuleType, ModuleType]:
    """Generate `<name>_pb2` and `<name>_pb2_grpc` from `text` and import them.

    Each contract gets a descriptor pool of its own instead of protobuf's process-wide
    default one, so a changed contract can be compiled again under the same name (a cell
    can be edited and re-run); the same text returns the modules it returned before.
    """
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if _loaded.get(name, ("", None))[0] == digest:
        return _loaded[name][1]
    with tempfile.TemporaryDirectory(prefix="proto-") as tmp:
        folder = Path(tmp)
        _protoc(text, name, folder, f"--python_out={folder}", f"--grpc_python_out={folder}",
                "--include_imports", "--descriptor_set_out=contract.pb")
        files = descriptor_pb2.FileDescriptorSet.FromString((folder / "contract.pb").read_bytes())
        pool = descriptor_pool.DescriptorPool()
        for dependency in files.file[:-1]:  # imported .proto files, dependencies first
            pool.Add(dependency)
        messages = _load(folder / f"{name}_pb2.py", f"{name}_pb2", pool)
        services = _load(folder / f"{name}_pb2_grpc.py", f"{name}_pb2_grpc", pool)
    _loaded[name] = (digest, (messages, services))
    return messages, services


def _load(path: Path, module_name: str, pool: descriptor_pool.DescriptorPool) -> ModuleType:
    """Import generated code from `path` as `module_name`, registering into `pool`."""
    source = path.read_text(encoding="utf-8")
    default_pool = "_descriptor_pool.Default()"
    if module_name.endswith("_pb2") and source.count(default_pool) != 1:
        raise RuntimeError(f"unexpected generated code in {path.name}")
    module = ModuleType(module_name)
    module.__file__ = str(path)
    module._grpc_kit_pool = pool  # type: ignore[attr-defined]
    sys.modules[module_name] = module  # <name>_pb2_grpc imports <name>_pb2 by name
    try:
        exec(compile(source.replace(default_pool, "_grpc_kit_pool"), str(path), "exec"),
             module.__dict__)
    except BaseException:
        del sys.modules[module_name]
        raise
    return module


def summarize(contract: descriptor_pb2.FileDescriptorProto) -> dict[str, Any]:
    """A contract as plain data, the same however the .proto text was laid out:
    {"syntax", "package", "messages": {message: {field: (number, type, "repeated"|"singular")}},
     "services": {service: {rpc: (input, output, client_streaming, server_streaming)}}}."""
    messages: dict[str, dict[str, tuple[int, str, str]]] = {}
    for message in contract.message_type:
        fields = {}
        for field in message.field:
            kind = (field.type_name.lstrip(".") if field.type_name
                    else descriptor_pb2.FieldDescriptorProto.Type.Name(field.type)[5:].lower())
            repeated = field.label == descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED
            fields[field.name] = (field.number, kind, "repeated" if repeated else "singular")
        messages[message.name] = fields
    services = {
        service.name: {
            method.name: (method.input_type.lstrip("."), method.output_type.lstrip("."),
                          method.client_streaming, method.server_streaming)
            for method in service.method
        }
        for service in contract.service
    }
    return {"syntax": contract.syntax, "package": contract.package,
            "messages": messages, "services": services}


@contextlib.contextmanager
def serve(add_to_server: Callable[[Any, grpc.Server], None], servicer: Any,
          max_workers: int = 4) -> Iterator[int]:
    """Run `servicer` on 127.0.0.1 (a free port) and yield the port; stop the server on exit.

    `add_to_server` is the generated `add_<Service>Servicer_to_server` function.
    """
    pool = futures.ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="grpc-server")
    server = grpc.server(pool)
    try:
        add_to_server(servicer, server)
        port = server.add_insecure_port("127.0.0.1:0")
        if port == 0:
            raise OSError("could not bind a port on 127.0.0.1")
        server.start()
        yield port
    finally:
        server.stop(grace=0).wait(TIMEOUT)
        pool.shutdown(wait=False, cancel_futures=True)


@contextlib.contextmanager
def connect(port: int) -> Iterator[grpc.Channel]:
    """An insecure channel to 127.0.0.1:port, never through a proxy, already connected (so
    a short deadline on the first real call does not include the handshake); closed on exit.

    It connects with a call to a method no service has, which the server answers with
    UNIMPLEMENTED. (grpc.channel_ready_future would leave a connectivity watcher behind
    that makes close() take 200 ms.)"""
    channel = grpc.insecure_channel(f"127.0.0.1:{port}", options=[("grpc.enable_http_proxy", 0)])
    try:
        try:
            channel.unary_unary(_WARM_UP)(b"", timeout=TIMEOUT)
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.UNIMPLEMENTED:
                raise
        yield channel
    finally:
        channel.close()


def rpc_code(call: Callable[[], Any]) -> str:
    """Run `call()` and return the name of the gRPC status it ended with: "OK" when it
    returned, else the code of the grpc.RpcError it raised (other errors propagate)."""
    try:
        call()
    except grpc.RpcError as error:
        code = error.code() if callable(getattr(error, "code", None)) else None
        if not isinstance(code, grpc.StatusCode):
            raise
        return code.name
    return "OK"


_FAMILIES = ("KTL", "MUG", "PAN", "TEA")  # kettles, mugs, pans, teapots
_WAREHOUSES = ("ams-1", "fra-2", "lhr-1")


def stock_levels(seed: int = 2026) -> dict[str, tuple[int, str]]:
    """A fresh, seeded stock book {sku: (available, warehouse)} of 40 SKUs such as
    "MUG-007", listed in shuffled (not sorted) order; some SKUs have 0 available."""
    rng = random.Random(seed)
    skus = [f"{family}-{number:03d}" for family in _FAMILIES for number in range(1, 11)]
    rng.shuffle(skus)
    return {sku: (rng.randrange(1, 60) if index % 8 else 0, rng.choice(_WAREHOUSES))
            for index, sku in enumerate(skus)}
