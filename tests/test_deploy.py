"""The container and the Kubernetes manifests: valid for the API they target, and doing what serving many needs.

Nothing here needs Docker, a cluster or the network: the manifests are checked against the schemas of one
Kubernetes version that kubernetes-validate ships, and the Dockerfile and .dockerignore are read as text.
"""

from __future__ import annotations

import ast
import copy
import json
import re
import tomllib
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
K8S = ROOT / "deploy" / "k8s"
# The oldest minor release the manifests are meant for (August 2025, still common on managed clusters) and the
# newest whose schemas kubernetes-validate ships. Strict: a misspelt field is an error, where the API server would
# drop it silently.
KUBERNETES_VERSIONS = ("1.34.0", "1.37.0")
KUBERNETES_VERSION = KUBERNETES_VERSIONS[0]
HEALTH = "/_stcore/health"
# Measured with ps on 1.67 (README, "Deploy"): one server after a visit and slide PNG, SVG and PDF exports held
# 343 MiB, and rendering a slide adds about 25 MiB while it runs.
MEASURED_PEAK_MIB = 370


def documents(path: Path) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


MANIFESTS = sorted(p for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml")
BY_KIND = {doc["kind"]: doc for path in MANIFESTS for doc in documents(path)}


def dockerfile() -> list[tuple[str, str]]:
    """Each instruction as (KEYWORD, arguments), with continuation lines joined and comments left out."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    lines = (line.strip() for line in text.splitlines())
    return [
        (word.upper(), rest.strip())
        for word, _, rest in (line.partition(" ") for line in lines if line and not line.startswith("#"))
    ]


def instruction(keyword: str) -> list[str]:
    return [rest for word, rest in dockerfile() if word == keyword]


def pod() -> dict:
    return BY_KIND["Deployment"]["spec"]["template"]["spec"]


def container() -> dict:
    (only,) = pod()["containers"]
    return only


def quantity_mib(value: str) -> float:
    units = {"Ki": 1 / 1024, "Mi": 1, "Gi": 1024}
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)([KMG]i)", value).groups()
    return float(number) * units[unit]


def cpu_millicores(value: str | int) -> float:
    text = str(value)
    return float(text[:-1]) if text.endswith("m") else float(text) * 1000


# --- the manifests are what the API accepts --------------------------------------------------------------------


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_each_manifest_is_valid_for_the_named_kubernetes_versions(path, version):
    for doc in documents(path):
        kubernetes_validate.validate(doc, version, strict=True)


@pytest.mark.parametrize(
    "break_it",
    [
        lambda d: d["spec"].__setitem__("replicas", "three"),
        # A misspelt field: the API server would drop it silently and the root filesystem would stay writable.
        lambda d: d["spec"]["template"]["spec"]["containers"][0]["securityContext"].__setitem__("readOnlyRootFileSystem", True),
    ],
    ids=["wrong type", "misspelt field"],
)
def test_the_validation_rejects_a_broken_deployment(break_it):
    broken = copy.deepcopy(BY_KIND["Deployment"])
    break_it(broken)
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


def test_the_kustomization_applies_every_manifest():
    kustomization = documents(K8S / "kustomization.yaml")[0]
    assert sorted(kustomization["resources"]) == [p.name for p in MANIFESTS]
    assert {"Deployment", "Service", "Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget"} <= set(BY_KIND)


# --- many replicas, each one healthy ---------------------------------------------------------------------------


def test_the_autoscaler_owns_the_count_of_replicas_and_never_goes_below_three():
    # A replicas field would be set back on every apply, ending the sessions of the pods the HPA had added.
    assert "replicas" not in BY_KIND["Deployment"]["spec"]
    hpa = BY_KIND["HorizontalPodAutoscaler"]["spec"]
    assert hpa["minReplicas"] == 3 < hpa["maxReplicas"]
    assert hpa["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": BY_KIND["Deployment"]["metadata"]["name"],
    }
    assert [m["resource"]["name"] for m in hpa["metrics"] if m["type"] == "Resource"] == ["cpu"]


def test_a_stopping_pod_waits_for_the_ingress_to_forget_it_within_its_grace_period():
    wait = container()["lifecycle"]["preStop"]["sleep"]["seconds"]
    grace = BY_KIND["Deployment"]["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    assert 5 <= wait < grace


def test_every_probe_asks_streamlits_health_endpoint_on_the_served_port():
    ports = {p["name"]: p["containerPort"] for p in container()["ports"]}
    for kind in ("startupProbe", "readinessProbe", "livenessProbe"):
        probe = container()[kind]["httpGet"]
        assert probe["path"] == HEALTH, kind
        assert ports.get(probe["port"], probe["port"]) == 8501, kind


def test_the_dockerfile_health_check_asks_the_same_path_and_port_as_the_probes():
    (check,) = instruction("HEALTHCHECK")
    (exposed,) = instruction("EXPOSE")
    assert f"127.0.0.1:{exposed}{HEALTH}'" in check
    assert [p["containerPort"] for p in container()["ports"]] == [int(exposed)]


def test_each_replica_has_cpu_and_memory_requests_and_limits_sized_above_the_measured_peak():
    resources = container()["resources"]
    for name in ("cpu", "memory"):
        assert name in resources["requests"] and name in resources["limits"], name
    assert cpu_millicores(resources["requests"]["cpu"]) <= cpu_millicores(resources["limits"]["cpu"])
    request, limit = quantity_mib(resources["requests"]["memory"]), quantity_mib(resources["limits"]["memory"])
    # Over the limit the pod is killed and every session on it ends: the limit stays above what was measured.
    assert request <= limit and limit > MEASURED_PEAK_MIB


def test_disruptions_take_one_pod_at_a_time_from_the_same_pods():
    pdb = BY_KIND["PodDisruptionBudget"]["spec"]
    labels = BY_KIND["Deployment"]["spec"]["template"]["metadata"]["labels"]
    assert pdb["selector"]["matchLabels"] == labels == BY_KIND["Deployment"]["spec"]["selector"]["matchLabels"]
    assert pdb.get("maxUnavailable") == 1 and "minAvailable" not in pdb


# --- sticky sessions over a WebSocket ---------------------------------------------------------------------------


def test_the_ingress_keeps_each_browser_on_one_pod_and_lets_its_websocket_idle():
    notes = BY_KIND["Ingress"]["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert notes["nginx.ingress.kubernetes.io/affinity-mode"] == "persistent"
    assert re.fullmatch(r"[A-Za-z0-9_-]+", notes["nginx.ingress.kubernetes.io/session-cookie-name"])
    for timeout in ("proxy-read-timeout", "proxy-send-timeout"):
        assert int(notes[f"nginx.ingress.kubernetes.io/{timeout}"]) >= 3600, timeout


def test_the_ingress_reaches_the_service_and_the_service_the_pods():
    service = BY_KIND["Service"]
    (rule,) = BY_KIND["Ingress"]["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    backend = path["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]
    assert backend["port"]["name"] in {p["name"] for p in service["spec"]["ports"]}
    assert service["spec"]["selector"] == BY_KIND["Deployment"]["spec"]["template"]["metadata"]["labels"]
    assert {p["targetPort"] for p in service["spec"]["ports"]} <= {p["name"] for p in container()["ports"]}


def test_streamlit_accepts_websockets_for_the_ingress_host_only():
    (rule,) = BY_KIND["Ingress"]["spec"]["rules"]
    env = {e["name"]: e.get("value") for e in container()["env"]}
    assert env["STREAMLIT_SERVER_ALLOWED_HOSTS"] == rule["host"]


# --- not root, nothing written, nothing gained ------------------------------------------------------------------


def test_the_image_runs_as_a_non_root_user_and_the_pod_as_that_same_user():
    users = instruction("USER")
    assert users, "the Dockerfile never leaves root"
    uid, _, gid = users[-1].partition(":")
    assert uid.isdigit() and int(uid) != 0 and (not gid or int(gid) != 0)
    keywords = [word for word, _ in dockerfile()]
    assert keywords.index("CMD") > len(keywords) - 1 - keywords[::-1].index("USER")
    security = pod()["securityContext"]
    assert security["runAsNonRoot"] is True
    assert security["runAsUser"] == int(uid)
    assert security["seccompProfile"] == {"type": "RuntimeDefault"}


def test_the_container_cannot_write_its_filesystem_or_gain_privileges():
    security = container()["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"] and not security["capabilities"].get("add")
    assert pod()["automountServiceAccountToken"] is False


def test_tmp_is_the_one_writable_place_and_the_image_points_home_there():
    mounts = {m["mountPath"]: m["name"] for m in container()["volumeMounts"]}
    volumes = {v["name"]: v for v in pod()["volumes"]}
    assert list(mounts) == ["/tmp"] and "emptyDir" in volumes[mounts["/tmp"]]
    env = " ".join(instruction("ENV"))
    for name in ("HOME", "TMPDIR"):
        assert f"{name}=/tmp" in env, name
    assert "PYTHONDONTWRITEBYTECODE=1" in env
    # Without this, every start asks an outside service for the public address, just to print it.
    assert "STREAMLIT_LOGGER_HIDE_WELCOME_MESSAGE=true" in env


def test_the_copied_streamlit_config_turns_off_the_watcher_and_telemetry():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["fileWatcherType"] == "none"
    assert config["server"]["headless"] is True
    assert config["browser"]["gatherUsageStats"] is False


# --- the image: the runtime lock, the app and its data, one command -------------------------------------------


def test_the_base_image_is_a_slim_python_311_pinned_to_a_patch_release():
    (base,) = instruction("FROM")
    assert re.fullmatch(r"python:3\.11\.\d+-slim(-[a-z]+)?(@sha256:[0-9a-f]{64})?", base), base


def test_the_image_installs_the_runtime_lock_only_each_file_hashed():
    installs = [run for run in instruction("RUN") if "pip install" in run]
    assert len(installs) == 1
    words = installs[0].split()
    for flag in ("--require-hashes", "--no-deps"):
        assert flag in words, flag
    assert words[words.index("-r") + 1] == "requirements.txt"
    assert not any("requirements-dev" in rest for _, rest in dockerfile())


def test_the_command_serves_app_on_the_exposed_port_and_kubernetes_does_not_override_it():
    (cmd,) = instruction("CMD")
    argv = json.loads(cmd)  # exec form: the server is PID 1 and gets the stop signal itself
    assert argv[:4] == ["python", "-m", "streamlit", "run"] and (ROOT / argv[4]).is_file()
    flags = dict(zip(argv[5::2], argv[6::2], strict=True))
    assert flags["--server.port"] == instruction("EXPOSE")[0]
    assert flags["--server.address"] == "0.0.0.0" and flags["--server.headless"] == "true"
    # The Dockerfile is the one place the command lives, so a new entry point changes there alone.
    assert "command" not in container() and "args" not in container()


def local_top_level_imports() -> set[str]:
    """The repository's own packages that the served code imports, followed from app.py."""
    seen: set[str] = set()
    todo = [ROOT / "app.py"]
    while todo:
        tree = ast.parse(todo.pop().read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for top in {name.split(".")[0] for name in names}:
                if (ROOT / top / "__init__.py").is_file() and top not in seen:
                    seen.add(top)
                    todo.extend((ROOT / top).rglob("*.py"))
    return seen


RUNTIME = {"app.py", ".streamlit", "assets", "data"}


def copied() -> set[str]:
    """The top-level names the image copies from the build context, with *.py spelt out."""
    sources = {source.rstrip("/") for rest in instruction("COPY") for source in rest.split()[:-1]}
    return (sources - {"*.py"}) | ({p.name for p in ROOT.glob("*.py")} if "*.py" in sources else set())


def test_the_image_copies_everything_the_app_reads_at_run_time():
    needed = RUNTIME | local_top_level_imports()
    assert {"backpain", "components", "views"} <= needed
    assert needed <= copied(), f"the image lacks {sorted(needed - copied())}"


def dockerignore_excludes(path: str) -> bool:
    """Docker's rule: the last pattern matching the path or a folder above it decides; ``!`` lets it back in."""
    excluded = False
    for raw in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negate, pattern = line.startswith("!"), line.lstrip("!").strip("/")
        regex = re.compile(
            "".join(
                ".*" if part == "**" else "[^/]*" if part == "*" else "[^/]" if part == "?" else re.escape(part)
                for part in re.split(r"(\*\*|\*|\?)", pattern)
            )
        )
        parts = path.split("/")
        if any(regex.fullmatch("/".join(parts[:i])) for i in range(1, len(parts) + 1)):
            excluded = not negate
    return excluded


def test_the_build_context_holds_what_the_image_copies_and_leaves_the_rest_out():
    for name in copied() | {"requirements.txt", "backpain/load.py", "data/treatments.yaml", "assets/fonts/DejaVuSans.ttf"}:
        assert not dockerignore_excludes(name), name
    for name in (".venv/bin/python", ".git/config", "tests/test_app.py", "docs/explore-1280.png", "requirements-dev.txt",
                 "bench/benchmark.py", "deploy/k8s/deployment.yaml", "test-output/x.png", "backpain/__pycache__/load.cpython-311.pyc",
                 "Dockerfile", "README.md"):  # fmt: skip
        assert dockerignore_excludes(name), name


def test_the_dockerignore_check_follows_dockers_rules():
    # The check above is only as good as this reading of the patterns: a folder excluded excludes its files.
    assert dockerignore_excludes("tests/deep/inside.py") and not dockerignore_excludes("views/explore.py")


# --- one image name everywhere ----------------------------------------------------------------------------------


def test_the_image_is_named_alike_in_the_dockerfile_the_readme_and_the_deployment():
    from readme import assert_readme_has

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    image = f"backpain-options:{version}"
    assert container()["image"] == image
    build = f"docker build -t {image} ."
    run = f"docker run --read-only --tmpfs /tmp -p 8501:8501 {image}"
    dockerfile_text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert build in dockerfile_text and run in dockerfile_text
    assert_readme_has([build, run, "kubectl apply -k deploy/k8s"], "## Deploy")
