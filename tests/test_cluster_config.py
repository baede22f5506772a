"""The HAProxy configuration that `make cluster` renders (deploy/cluster.py, deploy/haproxy.cfg.template): the
security headers are those of backpain/serving.py, stickiness, redispatch, health checks and timeouts are set,
and HAProxy accepts the file. Running the cluster is tests/test_cluster.py's (marked browser)."""

from __future__ import annotations

import os
import re
import subprocess

import pytest
from browserkit import HAPROXY, ROOT, require_haproxy

from backpain.serving import inline_script_hashes, security_headers
from deploy.cluster import COOKIE, haproxy_string, render_config, streamlit_page

REPLICAS = [("r0", 8501), ("r1", 8502), ("r2", 8503)]


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> str:
    return render_config(8080, REPLICAS, tmp_path_factory.mktemp("run") / "haproxy.sock")


def lines(config: str) -> list[str]:
    """The configuration's directives, without comments or indentation."""
    return [line.strip() for line in config.splitlines() if line.strip() and not line.strip().startswith("#")]


def test_every_security_header_is_set_on_every_response_with_the_values_of_serving_py(config):
    expected = security_headers(inline_script_hashes(streamlit_page()))
    set_headers = [line for line in lines(config) if line.startswith("http-after-response set-header ")]
    assert set_headers == [f"http-after-response set-header {h.name} {haproxy_string(h.value)}" for h in expected]
    assert "http-response del-header server" in lines(config)


@pytest.mark.parametrize(
    ("value", "word"),
    [
        ("default-src 'self'; img-src 'self'", "\"default-src 'self'; img-src 'self'\""),
        ('say "hi"', '"say \\"hi\\""'),
        ("$HOME and 100%", '"\\$HOME and 100%%"'),
        ("a\\b", '"a\\\\b"'),
    ],
)
def test_a_header_value_is_one_haproxy_word_sent_unchanged(value, word):
    assert haproxy_string(value) == word


def test_sticky_by_cookie_with_redispatch_health_checks_and_timeouts(config):
    directives = lines(config)
    assert f'cookie {COOKIE} insert indirect nocache httponly attr "SameSite=Lax"' in directives
    for name, port in REPLICAS:
        assert f"server {name} 127.0.0.1:{port} cookie {name}" in directives
    assert "option redispatch 1" in directives and "retries 3" in directives
    assert "option httpchk" in directives
    assert any(d.startswith("http-check send meth GET uri /_stcore/health") for d in directives)
    assert "http-check expect string ok" in directives
    # A dead replica is out after two failed checks: about 1 s + 0.5 s.
    assert "default-server check inter 1s fastinter 500ms downinter 1s rise 2 fall 2" in directives
    timeouts = dict(re.findall(r"^timeout (\S+) (\S+)$", "\n".join(directives), re.MULTILINE))
    assert timeouts["tunnel"] == "1h"  # a quiet WebSocket is someone reading
    assert {"connect", "client", "server", "http-request", "check"} <= set(timeouts)
    assert "bind 127.0.0.1:8080" in directives


def test_haproxy_accepts_the_configuration(config, tmp_path):
    require_haproxy()
    path = tmp_path / "haproxy.cfg"
    path.write_text(config)
    checked = subprocess.run([HAPROXY, "-c", "-f", str(path)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Configuration file is valid" in checked.stdout
    assert "WARNING" not in checked.stdout + checked.stderr, checked.stdout + checked.stderr


def test_make_cluster_says_how_to_install_haproxy_when_it_is_missing_and_installs_nothing():
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    result = subprocess.run(["make", "-s", "cluster", "HAPROXY="], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "apt-get install -y haproxy" in result.stderr
    # It stopped before setting up anything: no environment was created or installed.
    assert "pip" not in result.stdout + result.stderr


def test_ci_installs_haproxy_and_the_cluster_s_files_stay_out_of_git():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"apt-get install .*\bhaproxy\b", ci)
    assert ".cluster/" in (ROOT / ".gitignore").read_text().splitlines()


def test_the_readme_says_how_to_run_and_stop_the_cluster_and_install_haproxy(config):
    from readme import assert_readme_has

    directives = lines(config)
    cookie = next(d for d in directives if d.startswith("cookie "))
    assert_readme_has(
        [
            "sudo apt-get install -y haproxy",
            "make cluster ",
            "make cluster-stop ",
            f"`{' '.join(cookie.split()[:5])}`",
            "`option redispatch 1`, `retries 3`",
            "`timeout tunnel 1h`",
            "`http-response del-header server`",
        ],
        "## Run several replicas",
    )
