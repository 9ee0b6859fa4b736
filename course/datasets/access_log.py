"""A seeded nginx access log (combined format plus request time) and its ground truth."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

# The nginx configuration that writes lines like these:
#   log_format timed '$remote_addr - $remote_user [$time_local] "$request" $status '
#                    '$body_bytes_sent "$http_referer" "$http_user_agent" $request_time';
LOG_FORMAT = ('$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
              '"$http_referer" "$http_user_agent" $request_time')
START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
ATTACKERS: dict[str, int] = {"192.0.2.66": 312, "192.0.2.140": 187, "192.0.2.23": 96}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_BROWSERS = (
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "ShopFast-Android/4.12.0 okhttp/4.12.0",
)
_REFERERS = ("-", "-", "-", "https://shop.example.com/", "https://shop.example.com/cart")
_WORDS = ("lamp", "kettle", "drone", "usb+c+cable", "backpack", "puzzle", "headset")
_PROBES = ("/.env", "/wp-login.php", "/phpmyadmin/", "/.git/config", "/cgi-bin/luci")
_TLS_HELLO = r"\x16\x03\x01\x02\x00\x01\x00\x01\xFC\x03\x03"


@dataclass(frozen=True)
class Route:
    method: str
    template: str  # '{id}' stands for a numeric id
    weight: int
    median_ms: int
    ok: int = 200
    not_found: float = 0.0  # share of 404s (ids that do not exist)


ROUTES: tuple[Route, ...] = (
    Route("GET", "/api/products", 16, 38),
    Route("GET", "/api/products/{id}", 28, 21, not_found=0.03),
    Route("GET", "/api/search", 11, 140),
    Route("GET", "/api/users/{id}", 7, 17, not_found=0.02),
    Route("GET", "/api/users/{id}/orders", 6, 64),
    Route("GET", "/api/cart", 6, 24),
    Route("POST", "/api/cart/items", 7, 41, ok=201),
    Route("POST", "/api/orders", 3, 210, ok=201),
    Route("GET", "/api/orders/{id}", 4, 46, not_found=0.04),
    Route("GET", "/health", 5, 2),
    Route("GET", "/static/app.3f9a2c.js", 3, 4),
    Route("POST", "/login", 1, 95),
)


@dataclass(frozen=True)
class Request:
    """One logged request: the fields nginx writes, and the endpoint it belongs to."""

    ip: str
    time: dt.datetime
    request: str  # the request line as logged: 'GET /api/users/42?tab=1 HTTP/1.1'
    endpoint: str | None  # 'GET /api/users/{id}'; None when the request line is not one
    status: int
    bytes_sent: int
    referer: str
    agent: str
    latency_ms: int

    def line(self) -> str:
        t = self.time
        stamp = f"{t.day:02d}/{_MONTHS[t.month - 1]}/{t.year}:{t:%H:%M:%S} +0000"
        return (f'{self.ip} - - [{stamp}] "{self.request}" {self.status} {self.bytes_sent} '
                f'"{self.referer}" "{self.agent}" {self.latency_ms / 1000:.3f}')


def nearest_rank(values: list[int], pct: int) -> int:
    """The nearest-rank percentile: the value at rank ceil(pct * n / 100) of the sorted values
    (ranks from 1; rank 1 for pct 0). Integer arithmetic, so no float rounding."""
    if not values or not 0 <= pct <= 100:
        raise ValueError("need at least one value and 0 <= pct <= 100")
    rank = max(1, -(-pct * len(values) // 100))
    return sorted(values)[rank - 1]


@dataclass(frozen=True)
class AccessLog:
    """A log's requests in time order, and answers computed from them (not from the text)."""

    requests: tuple[Request, ...]

    def __len__(self) -> int:
        return len(self.requests)

    def lines(self) -> list[str]:
        return [request.line() for request in self.requests]

    def write(self, path: str | Path) -> Path:
        """Write the log to `path` (one request per line); returns the path."""
        path = Path(path)
        path.write_text("".join(line + "\n" for line in self.lines()), encoding="ascii")
        return path

    def top_endpoints(self, n: int) -> list[tuple[str, int]]:
        """(endpoint, requests), most requests first, ties by endpoint name."""
        counts = Counter(r.endpoint for r in self.requests if r.endpoint is not None)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n]

    def percentile_ms(self, pct: int) -> int:
        """Nearest-rank percentile of every request's latency, in milliseconds."""
        return nearest_rank([r.latency_ms for r in self.requests], pct)

    def error_rate(self) -> float:
        """Share of requests answered with a 5xx status (a 4xx is the client's error)."""
        return sum(500 <= r.status <= 599 for r in self.requests) / len(self.requests)

    def top_values(self, pattern: str, field: int, n: int) -> list[tuple[int, str]]:
        """What `grep -F -e PATTERN | cut -d' ' -fFIELD | sort | uniq -c | sort -rn | head -n N`
        finds, as (count, value). ValueError if tied counts make the answer depend on how
        `sort` breaks ties (which differs between locales)."""
        counts = Counter(line.split(" ")[field - 1] for line in self.lines() if pattern in line)
        ranked = sorted(counts.items(), key=lambda item: -item[1])
        kept = [count for _, count in ranked[: n + 1]]
        if len(set(kept)) < len(kept):
            raise ValueError(f"tied counts among the top {n + 1}: {kept}")
        return [(count, value) for value, count in ranked[:n]]


def _latency(rng: random.Random, median_ms: int) -> int:
    return max(1, round(median_ms * math.exp(rng.gauss(0.0, 0.55))))


def _request(rng: random.Random, ip: str, time: dt.datetime, route: Route) -> Request:
    path = route.template.replace("{id}", str(rng.randrange(1, 50_000)))
    if route.template == "/api/search":
        path += f"?q={rng.choice(_WORDS)}"
    elif route.template in ("/api/products", "/api/users/{id}/orders") and rng.random() < 0.4:
        path += f"?page={rng.randrange(2, 9)}"
    status, latency = route.ok, _latency(rng, route.median_ms)
    if route.template == "/login" and rng.random() < 0.2:
        status = 401
    elif route.template.startswith("/static") and rng.random() < 0.3:
        status = 304
    elif rng.random() < route.not_found:
        status = 404
    elif route.template.startswith("/api") and rng.random() < (0.03 if route.ok == 201 else 0.008):
        status = rng.choice((500, 502, 503, 504))
        latency = {500: latency, 502: rng.randrange(1, 9), 503: rng.randrange(1, 4),
                   504: 60_000 + rng.randrange(0, 6)}[status]
    body = 0 if status == 304 else 15 if route.template == "/health" \
        else rng.randrange(150, 2_400) if status >= 400 else rng.randrange(300, 48_000)
    agent = "kube-probe/1.31" if route.template == "/health" else rng.choice(_BROWSERS)
    return Request(ip, time, f"{route.method} {path} HTTP/1.1", f"{route.method} {route.template}",
                   status, body, rng.choice(_REFERERS), agent, latency)


def _special(rng: random.Random, kind: str, ip: str, time: dt.datetime) -> Request:
    """Traffic that is not the shop's: credential stuffing, vulnerability scans, TLS on port 80."""
    if kind == "stuffing":
        status = 200 if rng.random() < 0.02 else 401
        return Request(ip, time, "POST /login HTTP/1.1", "POST /login", status,
                       rng.randrange(60, 90), "-", "python-requests/2.32.3", _latency(rng, 90))
    if kind == "probe":
        path = rng.choice(_PROBES)
        return Request(ip, time, f"GET {path} HTTP/1.1", f"GET {path}", 404, 153, "-",
                       "Mozilla/5.0 zgrab/0.x", _latency(rng, 3))
    request = _TLS_HELLO if kind == "tls" else ""
    return Request(ip, time, request, None, 400, 157 if request else 0, "-", "-", 0)


def generate(n: int = 20_000, seed: int = 2026, clients: int = 300) -> AccessLog:
    """`n` requests from 2026-01-01 00:00 UTC, about five a second; the same seed, the same log.

    Besides the shop's own traffic it holds what real logs hold: a credential-stuffing attack
    on /login from the ATTACKERS, vulnerability probes and malformed request lines."""
    rng = random.Random(seed)
    scale = n / 20_000
    special = [kind for kind, count in (("probe", 60), ("tls", 14), ("empty", 6)) for _ in
               range(round(count * scale))]
    special += [ip for ip, count in ATTACKERS.items() for _ in range(round(count * scale))]
    if len(special) > n:
        raise ValueError(f"n={n} is too small for a realistic log")
    kinds = special + ["shop"] * (n - len(special))
    rng.shuffle(kinds)
    pool = [f"198.51.100.{i}" if i < 254 else f"203.0.113.{i - 253}" for i in range(1, clients + 1)]
    pool_weights = list(itertools.accumulate(1 / rank**0.7 for rank in range(1, clients + 1)))
    route_weights = list(itertools.accumulate(route.weight for route in ROUTES))
    requests, seconds = [], 0.0
    for kind in kinds:
        seconds += rng.expovariate(5.0)
        time = START + dt.timedelta(seconds=int(seconds))
        if kind == "shop":
            route = rng.choices(ROUTES, cum_weights=route_weights)[0]
            requests.append(_request(rng, rng.choices(pool, cum_weights=pool_weights)[0], time,
                                     route))
        elif kind in ATTACKERS:
            requests.append(_special(rng, "stuffing", kind, time))
        else:
            requests.append(_special(rng, kind, f"192.0.2.{rng.randrange(200, 250)}", time))
    return AccessLog(tuple(requests))
