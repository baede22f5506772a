# Two commands on a fresh machine with only python3 and make: `make run` and `make test`.
# Both install exactly the locked versions (requirements.txt, requirements-dev.txt: every package, with hashes).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Install only what the lock names, each file checked against its hash.
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps
# The lock is written from the public index alone: this machine's own pip settings (extra indexes,
# local wheel folders) must not leak into it.
LOCK := PIP_CONFIG_FILE=/dev/null $(PY) -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links

.PHONY: run cluster cluster-stop need-haproxy test test-fast lint validate export bench screenshots loadtest failover audit lock clean

# A changed lock builds the environment anew, so nothing that the lock no longer names stays installed.
# "Changed" means its content: the stamp is named by the locks' hash, not dated, so a checkout or a pull
# that rewrites a lock unchanged keeps the environment.
lock_hash = $(shell $(PYTHON) -c 'import hashlib, sys; print(hashlib.sha256(b"".join(open(f, "rb").read() for f in sys.argv[1:])).hexdigest()[:16])' $(1))
RUNTIME := $(VENV)/.runtime-$(call lock_hash,requirements.txt)
DEV := $(VENV)/.dev-$(call lock_hash,requirements.txt requirements-dev.txt)

$(RUNTIME):
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(DEV):
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $(RUNTIME) $@

# serve.py is app.py behind the security headers and gzip; Streamlit runs the st.App it defines. Headless (no
# browser opened) comes from .streamlit/config.toml, as before.
run: $(RUNTIME)
	$(PY) -m streamlit run serve.py --server.port $(PORT)

# Several replicas behind HAProxy on one machine (deploy/cluster.py, deploy/haproxy.cfg.template): runs in the
# foreground until Ctrl-C or `make cluster-stop`. HAProxy comes from the system (Debian: apt-get install haproxy);
# this target never installs it.
REPLICAS ?= 3
CLUSTER_PORT ?= 8080
CLUSTER_DIR ?= .cluster
HAPROXY := $(shell command -v haproxy 2>/dev/null || ls /usr/sbin/haproxy /usr/local/sbin/haproxy 2>/dev/null | head -n 1)

# First, so a machine without HAProxy hears how to install it before anything else is set up.
cluster: need-haproxy $(RUNTIME)
	$(PY) deploy/cluster.py run --replicas $(REPLICAS) --port $(CLUSTER_PORT) --run-dir $(CLUSTER_DIR)

need-haproxy:
	@test -n "$(HAPROXY)" || { echo "make cluster needs HAProxy, which is not installed. On Debian or Ubuntu: sudo apt-get install -y haproxy" >&2; exit 1; }

# Stops the cluster started from CLUSTER_DIR and every process it started (by their pid files); the standard
# library is enough, so no environment is set up for it.
cluster-stop:
	$(PYTHON) deploy/cluster.py stop --run-dir $(CLUSTER_DIR)

# Python may be told not to write bytecode (PYTHONDONTWRITEBYTECODE); pytest then rewrites and compiles
# every test module again in each worker, seconds per run, so the test targets let it keep them.
unexport PYTHONDONTWRITEBYTECODE

# Unit and AppTest tests on every core, with line and branch coverage (at least 95%), then the browser tests,
# one at a time (each starts its own server and Chromium).
COVERAGE := --cov=backpain --cov=components --cov=views --cov-branch --cov-report=term:skip-covered --cov-fail-under=95

test: $(DEV)
	$(PY) -m backpain validate
	$(PY) -m pytest -m "not browser" -n auto --dist loadgroup $(COVERAGE)
	$(PY) -m pytest -m browser

test-fast: $(DEV)
	$(PY) -m pytest -m "not browser and not slow" -n auto --dist loadgroup --hypothesis-profile=fast

lint: $(DEV)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/hadolint Dockerfile

validate: $(RUNTIME)
	$(PY) -m backpain validate

export: $(RUNTIME)
	$(PY) -m backpain export --format csv --out treatments-export.csv

bench: $(DEV)
	$(PY) bench/benchmark.py

# The README's pictures in docs/, taken in Debian's chromium from a server of its own (bench/screenshots.py).
screenshots: $(DEV)
	$(PY) bench/screenshots.py

# Many people at once, in real browsers on loopback (bench/loadtest.py): SESSIONS arrive together and open Explore,
# change a filter and leave, next to a bare Streamlit page with the same SESSIONS. TARGET=single|cluster|both.
SESSIONS ?= 60
TARGET ?= both
loadtest: $(DEV)
	$(PY) bench/loadtest.py --sessions $(SESSIONS) --target $(TARGET)

# What people see when the server under their page dies (bench/failover.py): single, killed and started again;
# cluster, the replica of a session stopped. Fails if a session lost its view. The browser tests run a short form.
FAILOVER_SESSIONS ?= 6
failover: $(DEV)
	$(PY) bench/failover.py --sessions $(FAILOVER_SESSIONS) --target $(TARGET)

# Known vulnerabilities in every locked package; says plainly when the vulnerability service cannot be reached.
audit: $(DEV)
	$(PY) deploy/audit.py

# After changing a pin in requirements*.in: write both locks again, then `make test`.
lock: $(DEV)
	$(LOCK) --output-file requirements.txt requirements.in
	$(LOCK) --output-file requirements-dev.txt requirements-dev.in

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-output $(CLUSTER_DIR)
