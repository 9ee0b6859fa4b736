"""course.manifest_rules: each rule passes a good file and names the problem in a bad one."""

from __future__ import annotations

import copy

import pytest

from course import manifest_rules as rules

GOOD_DOCKERFILE = """
FROM python:3.12.8-slim AS builder
COPY requirements.txt .
RUN pip wheel --wheel-dir /wheels -r requirements.txt
FROM python:3.12.8-slim
COPY --from=builder /wheels /wheels
RUN pip install --no-index --find-links=/wheels /wheels/*.whl
COPY app/ ./app/
USER 10001
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]
"""
GOOD_HEALTHCHECK = ('HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD ["python", "-c", '
                    '"import urllib.request as u; u.urlopen(\'http://127.0.0.1:8000/healthz\')"]')
DEPLOYMENT = rules.load_manifests("""
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  strategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}
  template:
    metadata: {labels: {app: api, tier: web}}
    spec:
      securityContext: {runAsNonRoot: true}
      containers:
        - name: api
          image: registry.example/api:1.2.3
          ports: [{name: http, containerPort: 8000}]
          resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: "1", memory: 1Gi}}
          readinessProbe: {httpGet: {path: /readyz, port: http}}
          livenessProbe: {httpGet: {path: /healthz, port: 8000}}
""")[0]
SERVICE = {"apiVersion": "v1", "kind": "Service",
           "spec": {"selector": {"app": "api"}, "ports": [{"port": 80, "targetPort": "http"}]}}
HPA = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
       "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "api"},
                "minReplicas": 2, "maxReplicas": 6,
                "metrics": [{"type": "Resource", "resource": {
                    "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}]}}


def edited(document: dict, change) -> dict:
    result = copy.deepcopy(document)
    change(result)
    return result


def container(deployment: dict) -> dict:
    return deployment["spec"]["template"]["spec"]["containers"][0]


def test_a_good_dockerfile_has_no_problems():
    assert rules.dockerfile_problems(GOOD_DOCKERFILE) == []


@pytest.mark.parametrize("image", ["python", "python:latest", "python:3-slim", "python:slim",
                                   "registry:5000/team/python"])
def test_floating_or_missing_tags_are_not_pinned(image):
    assert rules.image_pin_problem(image) is not None


@pytest.mark.parametrize("image", ["python:3.12.8-slim", "registry:5000/python:3.12",
                                   "python@sha256:" + "a" * 64])
def test_exact_versions_and_digests_are_pinned(image):
    assert rules.image_pin_problem(image) is None


def test_a_stage_built_on_an_earlier_stage_needs_no_tag():
    text = "FROM python:3.12.8-slim AS base\nFROM base AS test\nFROM base\n"
    assert rules.base_images_pinned(rules.parse_dockerfile(text)) == []
    assert len(rules.base_images_pinned(rules.parse_dockerfile("FROM python:latest\n"))) == 1


def test_a_single_stage_image_is_reported():
    text = GOOD_DOCKERFILE.split("FROM python:3.12.8-slim\n")[0]
    assert "one stage only" in rules.multi_stage_build(rules.parse_dockerfile(text))[0]


def test_a_final_stage_that_downloads_packages_or_copies_nothing_from_the_builder_is_reported():
    text = GOOD_DOCKERFILE.replace("COPY --from=builder /wheels /wheels\n", "").replace(
        "--no-index --find-links=/wheels /wheels/*.whl", "-r requirements.txt")
    problems = rules.multi_stage_build(rules.parse_dockerfile(text))
    assert [p.split(":")[0] for p in problems] == [
        "final stage copies nothing from the builder (COPY --from=builder ...)",
        "final stage downloads packages"]


def test_copying_the_source_before_pip_breaks_the_layer_cache():
    text = GOOD_DOCKERFILE.replace("COPY requirements.txt .", "COPY . .")
    problems = rules.dependencies_before_source(rules.parse_dockerfile(text))
    assert problems[0].startswith("COPY . comes before the dependency install")


def test_copying_source_in_a_stage_that_installs_nothing_is_fine():
    install = "RUN pip install --no-index --find-links=/wheels /wheels/*.whl\n"
    text = GOOD_DOCKERFILE.replace(install, "")
    assert rules.dependencies_before_source(rules.parse_dockerfile(text)) == []


@pytest.mark.parametrize("user", ["root", "0", "0:0", "root:root"])
def test_root_users_are_reported(user):
    text = GOOD_DOCKERFILE.replace("USER 10001", f"USER {user}")
    assert rules.runs_as_non_root(rules.parse_dockerfile(text)) == [f"USER {user} is root"]


def test_a_final_stage_without_user_runs_as_root_even_if_the_builder_sets_one():
    text = GOOD_DOCKERFILE.replace("USER 10001\n", "").replace("COPY requirements.txt .",
                                                              "USER 10001\nCOPY requirements.txt .")
    assert len(rules.runs_as_non_root(rules.parse_dockerfile(text))) == 1


def test_shell_form_cmd_is_reported_and_exec_form_entrypoint_is_not():
    shell = GOOD_DOCKERFILE.replace('CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]',
                                    "CMD uvicorn app.main:app --host 0.0.0.0")
    split = GOOD_DOCKERFILE.replace('CMD ["uvicorn", ', 'ENTRYPOINT ["uvicorn"]\nCMD [')
    assert "shell form" in rules.exec_form_command(rules.parse_dockerfile(shell))[0]
    assert rules.exec_form_command(rules.parse_dockerfile(split)) == []


def healthcheck(line: str) -> list[str]:
    return rules.healthcheck_problems(rules.parse_dockerfile(GOOD_DOCKERFILE + line + "\n"))


def test_a_python_healthcheck_with_all_options_passes():
    assert healthcheck(GOOD_HEALTHCHECK) == []
    assert rules.seconds("1m30s") == 90.0 and rules.seconds("30") is None


def test_curl_is_reported_unless_installed_and_used_with_fail():
    assert healthcheck("HEALTHCHECK --interval=30s --timeout=3s --retries=3 "
                       "CMD curl -f http://localhost:8000/healthz") == [
        "HEALTHCHECK runs curl, which the final image does not have"]
    installed = GOOD_DOCKERFILE.replace("USER 10001", "RUN apt-get install -y curl\nUSER 10001")
    problems = rules.healthcheck_problems(rules.parse_dockerfile(
        installed + "HEALTHCHECK --interval=30s --timeout=3s --retries=3 "
        "CMD curl http://localhost:8000/healthz\n"))
    assert problems == ["curl without --fail exits 0 on an HTTP 500: the check never fails"]


def test_a_timeout_longer_than_the_interval_and_missing_retries_are_reported():
    problems = healthcheck(GOOD_HEALTHCHECK.replace("--timeout=3s", "--timeout=1m")
                           .replace(" --retries=3", ""))
    assert problems == ["HEALTHCHECK sets no --retries",
                        "HEALTHCHECK needs 0 < --timeout < --interval (e.g. 3s and 30s)",
                        "HEALTHCHECK --retries must be a whole number >= 1"]


def test_a_healthcheck_on_the_wrong_path_is_reported():
    assert healthcheck(GOOD_HEALTHCHECK.replace("/healthz", "/")) == [
        "HEALTHCHECK does not call /healthz on port 8000"]


FILES = [".env", "deploy/prod.env", "app/main.py", "app/__pycache__/main.pyc", "__pycache__/x.pyc",
         ".git/HEAD", "tests/test_x.py", "requirements.txt"]


def test_dockerignore_patterns_are_anchored_at_the_root_of_the_context():
    assert rules.context_files(FILES, "*.env\n__pycache__\n") == [
        "deploy/prod.env", "app/main.py", "app/__pycache__/main.pyc", ".git/HEAD",
        "tests/test_x.py", "requirements.txt"]


def test_double_star_matches_at_any_depth_and_a_folder_pattern_excludes_its_contents():
    assert rules.context_files(FILES, "**/*.env\n**/__pycache__/\n/.git\ntests\n") == [
        "app/main.py", "requirements.txt"]


def test_an_exception_reincludes_and_the_last_matching_line_wins():
    assert rules.context_files(FILES, "*\n!app\n!requirements.txt\n**/__pycache__") == [
        "app/main.py", "requirements.txt"]
    assert rules.context_files(["a.env"], "!a.env\n*.env") == []


def test_context_problems_name_leaked_and_missing_files():
    assert rules.context_problems(FILES, "*\n!app/main.py", ["app/main.py", "requirements.txt"]) \
        == ["requirements.txt is left out of the build context"]
    assert rules.context_problems(["x/.env", "app/main.py"], "", ["app/main.py"]) == [
        "x/.env is sent to the build context"]


def test_load_manifests_skips_empty_documents_and_dig_stops_at_missing_steps():
    assert rules.load_manifests("---\na: 1\n---\n---\nb: [x]\n") == [{"a": 1}, {"b": ["x"]}]
    assert rules.dig({"b": ["x"]}, "b", 0) == "x"
    assert rules.dig({"b": ["x"]}, "b", 1) is None and rules.dig({"b": 3}, "b", "c") is None


@pytest.mark.parametrize(("value", "kind", "expected"), [
    ("250m", "cpu", 250.0), ("0.5", "cpu", 500.0), (2, "cpu", 2000.0), ("256Mi", "memory", 2**28),
    ("1G", "memory", 1e9), ("12", "memory", 12.0), ("1Gi", "cpu", None), ("lots", "memory", None)])
def test_quantities_are_read_as_kubernetes_reads_them(value, kind, expected):
    assert rules.quantity(value, kind) == expected


def test_a_good_deployment_has_no_problems():
    assert rules.deployment_problems(DEPLOYMENT) == []


@pytest.mark.parametrize(("change", "problem"), [
    (lambda d: d["spec"].update(replicas=1), "replicas must be at least 2"),
    (lambda d: d["spec"]["selector"]["matchLabels"].update(app="apy"), "spec.selector.matchLabels"),
    (lambda d: d["spec"].pop("strategy"), "strategy must be RollingUpdate"),
    (lambda d: d["spec"]["strategy"]["rollingUpdate"].update(maxSurge="0%"), "strategy must be"),
    (lambda d: container(d).update(image="registry.example/api:latest"), "container api: image"),
    (lambda d: container(d).update(securityContext={"runAsNonRoot": False}), "container api: sec"),
    (lambda d: container(d)["resources"].pop("limits"), "container api: set resources.requests"),
    (lambda d: container(d)["resources"]["requests"].update(cpu="2"),
     "container api: requests.cpu"),
    (lambda d: container(d).pop("readinessProbe"), "container api: no readinessProbe"),
    (lambda d: container(d).pop("livenessProbe"), "container api: no livenessProbe"),
    (lambda d: container(d)["livenessProbe"]["httpGet"].update(path="/readyz", port="http"),
     "container api: readiness and liveness probes are identical"),
    (lambda d: container(d)["readinessProbe"]["httpGet"].update(port="web"),
     "container api: a probe calls a port"),
])
def test_each_deployment_rule_reports_its_problem(change, problem):
    problems = rules.deployment_problems(edited(DEPLOYMENT, change))
    assert len(problems) >= 1 and problems[0].startswith(problem), problems


def test_liveness_on_the_dependency_endpoint_is_reported_even_with_different_settings():
    def change(d):
        container(d)["livenessProbe"] = {"httpGet": {"path": "/readyz", "port": "http"},
                                         "failureThreshold": 5}
    assert rules.deployment_problems(edited(DEPLOYMENT, change)) == [
        "container api: liveness calls /readyz: a database outage restarts every pod"]


def test_a_service_with_a_typo_or_too_broad_a_selector_is_reported():
    neighbour = edited(DEPLOYMENT, lambda d: d["spec"]["template"]["metadata"].update(
        labels={"app": "worker", "tier": "web"}))
    neighbour["metadata"]["name"] = "worker"
    assert rules.service_problems(SERVICE, DEPLOYMENT, (neighbour,)) == []
    typo = edited(SERVICE, lambda s: s["spec"].update(selector={"app": "apy"}))
    broad = edited(SERVICE, lambda s: s["spec"].update(selector={"tier": "web"}))
    assert rules.service_problems(typo, DEPLOYMENT) == [
        "selector {'app': 'apy'} selects no pod of api"]
    assert rules.service_problems(broad, DEPLOYMENT, (neighbour,)) == [
        "selector {'tier': 'web'} also selects the pods of worker"]


@pytest.mark.parametrize(("target_port", "ok"), [("http", True), (8000, True), (8080, False),
                                                 ("web", False)])
def test_a_service_forwards_only_to_a_declared_container_port(target_port, ok):
    service = edited(SERVICE, lambda s: s["spec"]["ports"][0].update(targetPort=target_port))
    assert (rules.service_problems(service, DEPLOYMENT) == []) is ok


def test_a_good_hpa_has_no_problems_and_needs_cpu_requests_on_its_target():
    assert rules.hpa_problems(HPA, DEPLOYMENT) == []
    no_cpu = edited(DEPLOYMENT, lambda d: container(d)["resources"]["requests"].pop("cpu"))
    assert rules.hpa_problems(HPA, no_cpu) == [
        "the Deployment sets no cpu request: utilization is measured against it"]


@pytest.mark.parametrize(("change", "problem"), [
    (lambda h: h.update(apiVersion="autoscaling/v1"), "not an autoscaling/v2"),
    (lambda h: h["spec"]["scaleTargetRef"].update(name="apy"), "scaleTargetRef"),
    (lambda h: h["spec"].update(minReplicas=1), "need 2 <= minReplicas <= maxReplicas"),
    (lambda h: h["spec"].update(minReplicas=8), "need 2 <= minReplicas <= maxReplicas"),
    (lambda h: h["spec"]["metrics"][0]["resource"]["target"].update(averageUtilization=95),
     "need a cpu Utilization target between 50 and 80 %"),
    (lambda h: h["spec"]["metrics"][0]["resource"].update(name="memory"), "need a cpu"),
])
def test_each_hpa_rule_reports_its_problem(change, problem):
    assert rules.hpa_problems(edited(HPA, change), DEPLOYMENT)[0].startswith(problem)
