"""The course's rules for Dockerfiles, .dockerignore and Kubernetes manifests: lists of problems."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import yaml
from dockerfile_parse import DockerfileParser

Problems = list[str]
DEPENDENCY_FILE = re.compile(r"(^|/)(requirements[\w.-]*\.txt|constraints[\w.-]*\.txt|"
                             r"pyproject\.toml|[\w.-]+\.lock|setup\.cfg)$")
PIP = re.compile(r"\bpip3?\b.*\b(install|wheel|sync)\b|\buv\s+(pip|sync)\b|\bpoetry\s+install\b")
SLIM = ("slim", "alpine", "distroless", "minimal", "chainguard")
DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")
DURATION = re.compile(r"(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)")
UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
MEMORY_UNITS = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40,
                "k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12}
LEAKS = re.compile(r"(^|/)(\.git|\.venv|__pycache__|tests)/|(^|/)[^/]*\.env$")

# ---- Dockerfiles: each rule takes a DockerfileParser ---------------------------------------


def parse_dockerfile(text: str) -> DockerfileParser:
    """A DockerfileParser over `text` that never touches the disk."""
    return DockerfileParser(fileobj=io.BytesIO(text.encode()))


def stages(df: DockerfileParser) -> list[list[dict]]:
    """The instructions of each build stage, each list starting with its FROM."""
    result: list[list[dict]] = []
    for instruction in df.structure:
        if instruction["instruction"] == "FROM":
            result.append([])
        if result:
            result[-1].append(instruction)
    return result


def _from(stage: list[dict]) -> tuple[str, str | None]:
    words = [w for w in stage[0]["value"].split() if not w.startswith("--")] + [""]
    alias = words[2].lower() if len(words) >= 4 and words[1].lower() == "as" else None
    return words[0], alias


def _final(df: DockerfileParser, *kinds: str) -> list[dict]:
    all_stages = stages(df)
    return [i for i in (all_stages[-1] if all_stages else []) if i["instruction"] in kinds]


def image_pin_problem(image: str) -> str | None:
    """Why `image` is not pinned to an exact version or a digest; None when it is."""
    if DIGEST.search(image):
        return None
    name = image.rsplit("/", 1)[-1]
    tag = name.split(":", 1)[1] if ":" in name else None
    if tag is None:
        return f"image {image!r} has no tag: that means :latest, which changes under you"
    if tag == "latest" or not re.search(r"\d+\.\d+", tag):
        return f"image {image!r} floats: pin an exact version (e.g. 3.12.8-slim) or a digest"
    return None


def base_images_pinned(df: DockerfileParser) -> Problems:
    aliases, problems = {"scratch"}, []
    for stage in stages(df):
        image, alias = _from(stage)
        if image.lower() not in aliases:
            problems += [p for p in [image_pin_problem(image)] if p]
        aliases.add(alias or "scratch")
    return problems if stages(df) else ["no FROM instruction"]


def multi_stage_build(df: DockerfileParser) -> Problems:
    *builders, final = stages(df) or [[]]
    if not builders:
        return ["one stage only: compilers, pip caches and build files all ship in the image"]
    problems = []
    if not any(PIP.search(i["value"]) for s in builders for i in s if i["instruction"] == "RUN"):
        problems.append("no builder stage installs or builds the dependencies (pip wheel/install)")
    if not any(word in _from(final)[0] for word in SLIM):
        problems.append(f"final stage starts from {_from(final)[0]!r}: use a slim base image")
    earlier = {_from(s)[1] for s in builders} | {str(n) for n in range(len(builders))}
    sources = [re.search(r"--from=(\S+)", i["value"]) for i in final if i["instruction"] == "COPY"]
    if not any(m and m[1].lower() in earlier for m in sources):
        problems.append("final stage copies nothing from the builder (COPY --from=builder ...)")
    for run in (i["value"] for i in final if i["instruction"] == "RUN"):
        if re.search(r"\b(build-essential|gcc|g\+\+|make|git)\b", run):
            problems.append(f"final stage installs build tools: {run[:60]}")
        if PIP.search(run) and "--no-index" not in run:
            problems.append("final stage downloads packages: install the builder's wheels "
                            "(pip install --no-index --find-links ...) or copy its venv")
    return problems


def dependencies_before_source(df: DockerfileParser) -> Problems:
    problems, installs = [], 0
    for stage in stages(df):
        manifest_copied, early = False, []
        for i in stage[1:]:
            if i["instruction"] == "RUN" and PIP.search(i["value"]):
                installs += 1
                if not manifest_copied and "--no-index" not in i["value"]:
                    early.append("dependencies are installed before a dependency file "
                                 "(requirements.txt, pyproject.toml) is copied")
                problems += early
                break
            if i["instruction"] in ("COPY", "ADD") and "--from=" not in i["value"]:
                sources = [w for w in i["value"].split() if not w.startswith("--")][:-1]
                if all(DEPENDENCY_FILE.search(s) for s in sources):
                    manifest_copied = True
                else:
                    early.append(f"{i['instruction']} {' '.join(sources)} comes before the "
                                 "dependency install: every code change reinstalls everything")
    return problems if installs else ["no stage installs the dependencies"]


def runs_as_non_root(df: DockerfileParser) -> Problems:
    users = [i["value"].strip() for i in _final(df, "USER")]
    if not users:
        return ["the final stage sets no USER: the service runs as root"]
    return [f"USER {users[-1]} is root"] if users[-1].split(":")[0] in ("root", "0") else []


def exec_form_command(df: DockerfileParser) -> Problems:
    commands = _final(df, "CMD", "ENTRYPOINT")
    problems = [] if commands else ["the final stage has no CMD or ENTRYPOINT"]
    for i in commands:
        try:
            form = json.loads(i["value"])
        except ValueError:
            form = None
        if not (isinstance(form, list) and form and all(isinstance(w, str) for w in form)):
            problems.append(f"{i['instruction']} {i['value'][:40]} is shell form: /bin/sh is PID 1"
                            " and SIGTERM never reaches the server")
    return problems


DOCKERFILE_RULES = (base_images_pinned, multi_stage_build, dependencies_before_source,
                    runs_as_non_root, exec_form_command)


def dockerfile_problems(text: str) -> Problems:
    """Every problem the Dockerfile rules find in `text`."""
    df = parse_dockerfile(text)
    return [problem for rule in DOCKERFILE_RULES for problem in rule(df)]


def seconds(duration: str) -> float | None:
    """A Docker duration such as '30s', '1m30s' or '500ms' in seconds; None if malformed."""
    if not duration or DURATION.sub("", duration):
        return None
    return sum(float(n) * UNITS[unit] for n, unit in DURATION.findall(duration))


def healthcheck_problems(df: DockerfileParser, path: str = "/healthz", port: int = 8000
                         ) -> Problems:
    found = _final(df, "HEALTHCHECK")
    if not found:
        return ["the final stage has no HEALTHCHECK"]
    head, command = ([*re.split(r"(?:^|\s)CMD\s", found[-1]["value"], maxsplit=1), ""])[:2]
    options = dict(re.findall(r"--([\w-]+)=(\S+)", head))
    problems = [f"HEALTHCHECK sets no --{o}" for o in ("interval", "timeout", "retries")
                if o not in options]
    interval, timeout = seconds(options.get("interval", "")), seconds(options.get("timeout", ""))
    if interval is None or timeout is None or not 0 < timeout < interval:
        problems.append("HEALTHCHECK needs 0 < --timeout < --interval (e.g. 3s and 30s)")
    if not re.fullmatch(r"[1-9]\d*", options.get("retries", "")):
        problems.append("HEALTHCHECK --retries must be a whole number >= 1")
    if not command.strip():
        return [*problems, "HEALTHCHECK has no CMD"]
    if path not in command or str(port) not in command:
        problems.append(f"HEALTHCHECK does not call {path} on port {port}")
    runs = " ".join(i["value"] for i in _final(df, "RUN"))
    for tool in ("curl", "wget"):
        if re.search(rf"\b{tool}\b", command) and not re.search(rf"install\b.*\b{tool}\b", runs):
            problems.append(f"HEALTHCHECK runs {tool}, which the final image does not have")
    if re.search(r"\bcurl\b", command) and not re.search(r"\s(-[a-zA-Z]*f[a-zA-Z]*|--fail)\b",
                                                         command):
        problems.append("curl without --fail exits 0 on an HTTP 500: the check never fails")
    return problems


# ---- .dockerignore -------------------------------------------------------------------------


def _pattern(pattern: str) -> re.Pattern:
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**", i):
            slash = pattern.startswith("**/", i)
            out, i = out + ("(.*/)?" if slash else ".*"), i + (3 if slash else 2)
        else:
            out, i = out + {"*": "[^/]*", "?": "[^/]"}.get(pattern[i], re.escape(pattern[i])), i + 1
    return re.compile(out)


def context_files(files: list[str], dockerignore: str) -> list[str]:
    """The files `docker build` sends: .dockerignore patterns, root-relative, last match wins."""
    rules = []
    for line in (raw.strip() for raw in dockerignore.splitlines()):
        if line and not line.startswith("#"):
            cleaned = re.sub(r"/+", "/", line.lstrip("!").strip()).strip("/")
            rules.append((line.startswith("!"), _pattern(cleaned)))
    sent = []
    for path in files:
        parents = ["/".join(path.split("/")[:n]) for n in range(1, path.count("/") + 2)]
        excluded = False
        for keep, pattern in rules:
            if any(pattern.fullmatch(parent) for parent in parents):
                excluded = not keep
        sent += [] if excluded else [path]
    return sent


def context_problems(files: list[str], dockerignore: str, needed: list[str]) -> Problems:
    """Secrets, VCS data, venvs, caches or tests that are sent; needed files that are not."""
    sent = context_files(files, dockerignore)
    return ([f"{p} is sent to the build context" for p in sent if LEAKS.search(p)]
            + [f"{p} is left out of the build context" for p in needed if p not in sent])


# ---- Kubernetes: each rule takes documents from yaml.safe_load_all -------------------------


def load_manifests(text: str) -> list[dict]:
    """Every non-empty YAML document in `text`."""
    return [doc for doc in yaml.safe_load_all(text) if doc is not None]


def dig(node: Any, *path: str | int) -> Any:
    """node[path[0]][path[1]]..., or None as soon as a step does not exist."""
    for step in path:
        if isinstance(node, list) and isinstance(step, int) and -len(node) <= step < len(node):
            node = node[step]
        else:
            node = node.get(step) if isinstance(node, dict) and isinstance(step, str) else None
    return node


def quantity(value: Any, kind: str) -> float | None:
    """A cpu quantity ('250m', '0.5', 1) in millicores or a memory one ('256Mi') in bytes."""
    units = {"m": 1, "": 1000} if kind == "cpu" else {**MEMORY_UNITS, "": 1}
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([a-zA-Z]*)", str(value))
    return float(match[1]) * units[match[2]] if match and match[2] in units else None


def containers(workload: Any) -> list[dict]:
    found = dig(workload, "spec", "template", "spec", "containers")
    return [c for c in found if isinstance(c, dict)] if isinstance(found, list) else []


def _ports(container: dict) -> set:
    ports = container.get("ports") if isinstance(container.get("ports"), list) else []
    return {dig(p, k) for p in ports for k in ("name", "containerPort")} - {None}


def _selects(selector: Any, workload: Any) -> bool:
    labels = dig(workload, "spec", "template", "metadata", "labels")
    return (isinstance(selector, dict) and bool(selector) and isinstance(labels, dict)
            and all(labels.get(k) == v for k, v in selector.items()))


def _count(value: Any) -> float | None:
    if type(value) is int:
        return float(value)
    match = re.fullmatch(r"(\d+)%", str(value))
    return float(match[1]) if match else None


def deployment_problems(dep: Any, dependency_endpoint: str = "/readyz") -> Problems:
    """Production rules for a Deployment; liveness must not call `dependency_endpoint`."""
    if dig(dep, "kind") != "Deployment" or dig(dep, "apiVersion") != "apps/v1":
        return ["not an apps/v1 Deployment"]
    problems = []
    replicas = dig(dep, "spec", "replicas")
    if not (type(replicas) is int and replicas >= 2):
        problems.append("replicas must be at least 2: one pod is a single point of failure")
    if not _selects(dig(dep, "spec", "selector", "matchLabels"), dep):
        problems.append("spec.selector.matchLabels does not match the pod template's labels")
    strategy = dig(dep, "spec", "strategy") or {}
    unavailable = _count(dig(strategy, "rollingUpdate", "maxUnavailable"))
    if (dig(strategy, "type") not in (None, "RollingUpdate") or unavailable != 0
            or not _count(dig(strategy, "rollingUpdate", "maxSurge"))):
        problems.append("strategy must be RollingUpdate with maxUnavailable 0 and maxSurge >= 1")
    pod_security = dig(dep, "spec", "template", "spec", "securityContext") or {}
    problems += [] if containers(dep) else ["the pod template has no containers"]
    for c in containers(dep):
        name = f"container {c.get('name', '?')}"
        problems += [f"{name}: {p}" for p in [image_pin_problem(str(c.get("image", "")))] if p]
        security = {**pod_security, **(c.get("securityContext") or {})}
        if security.get("runAsNonRoot") is not True or security.get("runAsUser") == 0:
            problems.append(f"{name}: securityContext must set runAsNonRoot: true")
        for kind in ("cpu", "memory"):
            request, limit = (quantity(dig(c, "resources", k, kind), kind)
                              for k in ("requests", "limits"))
            if request is None or limit is None:
                problems.append(f"{name}: set resources.requests.{kind} and limits.{kind}")
            elif request > limit:
                problems.append(f"{name}: requests.{kind} is above limits.{kind}")
        live, ready = c.get("livenessProbe"), c.get("readinessProbe")
        if not isinstance(ready, dict):
            problems.append(f"{name}: no readinessProbe: traffic arrives before the app is ready")
        if not isinstance(live, dict):
            problems.append(f"{name}: no livenessProbe: a hung process is never restarted")
        if isinstance(ready, dict) and ready == live:
            problems.append(f"{name}: readiness and liveness probes are identical")
        if dig(live, "httpGet", "path") == dependency_endpoint:
            problems.append(f"{name}: liveness calls {dependency_endpoint}: a database outage "
                            "restarts every pod")
        for probe in (p for p in (live, ready) if dig(p, "httpGet") is not None):
            if dig(probe, "httpGet", "port") not in _ports(c):
                problems.append(f"{name}: a probe calls a port the container does not declare")
    return problems


def service_problems(service: Any, target: Any, neighbours: tuple = ()) -> Problems:
    """The Service selects the pods of `target` and none of `neighbours`, on a declared port."""
    if dig(service, "kind") != "Service" or dig(service, "apiVersion") != "v1":
        return ["not a v1 Service"]
    selector, problems = dig(service, "spec", "selector"), []
    if not _selects(selector, target):
        problems.append(f"selector {selector} selects no pod of {dig(target, 'metadata', 'name')}")
    problems += [f"selector {selector} also selects the pods of {dig(n, 'metadata', 'name')}"
                 for n in neighbours if _selects(selector, n)]
    ports = dig(service, "spec", "ports")
    declared = set().union(*(_ports(c) for c in containers(target)))
    if not isinstance(ports, list) or not ports:
        return [*problems, "the Service has no ports"]
    for port in ports:
        target_port = dig(port, "targetPort") or dig(port, "port")
        if target_port not in declared:
            problems.append(f"targetPort {target_port!r} is not a port of the container")
    return problems


def hpa_problems(hpa: Any, target: Any, low: int = 50, high: int = 80) -> Problems:
    """An autoscaling/v2 HPA on `target`'s cpu utilization, which needs cpu requests."""
    if dig(hpa, "kind") != "HorizontalPodAutoscaler" or dig(hpa, "apiVersion") != "autoscaling/v2":
        return ["not an autoscaling/v2 HorizontalPodAutoscaler"]
    problems, name = [], dig(target, "metadata", "name")
    ref = dig(hpa, "spec", "scaleTargetRef")
    if [dig(ref, k) for k in ("apiVersion", "kind", "name")] != ["apps/v1", "Deployment", name]:
        problems.append(f"scaleTargetRef {ref} is not the apps/v1 Deployment {name}")
    least, most = dig(hpa, "spec", "minReplicas"), dig(hpa, "spec", "maxReplicas")
    if not (type(least) is int and type(most) is int and 2 <= least <= most):
        problems.append("need 2 <= minReplicas <= maxReplicas")
    metrics = dig(hpa, "spec", "metrics")
    cpu = [m for m in (metrics if isinstance(metrics, list) else [])
           if dig(m, "type") == "Resource" and dig(m, "resource", "name") == "cpu"]
    utilization = dig(cpu, 0, "resource", "target", "averageUtilization")
    if (dig(cpu, 0, "resource", "target", "type") != "Utilization"
            or type(utilization) is not int or not low <= utilization <= high):
        problems.append(f"need a cpu Utilization target between {low} and {high} %")
    if any(dig(c, "resources", "requests", "cpu") is None for c in containers(target)):
        problems.append("the Deployment sets no cpu request: utilization is measured against it")
    return problems
