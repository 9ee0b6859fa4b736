"""Stage 1 — Fundamentals: its notebooks and what each one teaches."""

from course.curriculum.model import Notebook

HTTP_FROM_THE_WIRE = Notebook(
    id="01-http-from-the-wire",
    title="HTTP from the wire up",
    objectives=(
        "Parse a raw HTTP/1.1 request: request line, repeated and case-insensitive headers",
        "Read a body framed by Content-Length or by chunked transfer encoding",
        "Build a correct response and decide between keep-alive and close",
        "Serve responses from a socket server on 127.0.0.1 and query it with http.client",
        "Choose the status code a client can act on",
        "Verify HTTPS against a test certificate authority and see a hostname mismatch fail",
    ),
    pillars=("foundations", "high-concurrency"),
)

DNS_AND_TCP = Notebook(
    id="02-dns-and-tcp",
    title="DNS and TCP/IP",
    objectives=(
        "Encode a DNS query message as bytes",
        "Decode a DNS response, following name compression pointers",
        "Cache answers for exactly their TTL on a controllable clock",
        "Frame messages over a TCP byte stream with a length prefix",
        "Model the TCP connection state machine from handshake to TIME_WAIT",
    ),
    pillars=("foundations", "high-concurrency"),
)

ALGORITHMS_FOR_SERVERS = Notebook(
    id="03-algorithms-for-servers",
    title="Algorithms and data structures for back-ends",
    objectives=(
        "Build an LRU cache with O(1) get and put",
        "Keep the top k of a stream with a heap",
        "Binary-search sorted logs for a time range",
        "Size a Bloom filter and measure its false-positive rate",
        "Tell linear from quadratic growth by counting operations",
    ),
    pillars=("foundations",),
)

LINUX_AND_THE_SHELL = Notebook(
    id="04-linux-and-the-shell",
    title="Linux and the shell from Python",
    objectives=(
        "Run a shell pipeline safely with subprocess",
        "Answer operational questions from an access log: top endpoints, p95 latency, error rate",
        "Read configuration from the environment the twelve-factor way",
        "Shut a worker down gracefully on SIGTERM without losing in-flight work",
        "Read and set file permissions",
    ),
    pillars=("foundations", "cloud-native"),
)

GIT_FOR_TEAMS = Notebook(
    id="05-git-for-teams",
    title="Git for back-end teams",
    objectives=(
        "Commit exactly the files you mean to, and read a file's history from code",
        "Create a branch and list the commits it has that main does not",
        "Merge a branch and resolve a conflict in code by a three-way rule",
        "Find the commit that broke a test with git bisect run",
        "Read what changed between two commits from git diff --numstat",
    ),
    pillars=("foundations",),
)

NOTEBOOKS: tuple[Notebook, ...] = (
    HTTP_FROM_THE_WIRE,
    DNS_AND_TCP,
    ALGORITHMS_FOR_SERVERS,
    LINUX_AND_THE_SHELL,
    GIT_FOR_TEAMS,
)
