# Back Pain Options in one container: the runtime lock, the code and the data, served by a non-root user
# from a filesystem it never writes to (only /tmp, which `docker run --tmpfs /tmp` or a Kubernetes emptyDir mounts).
#
#   docker build -t backpain-options:2026.11.0 .
#   docker run --read-only --tmpfs /tmp -p 8501:8501 backpain-options:2026.11.0
#
# deploy/k8s/ runs this image; the README's "Deploy" section says what each setting there is for.

# The exact Python patch and Debian release. The tag still moves with Debian's security updates; to freeze those
# too, append the digest (`docker buildx imagetools inspect python:3.11.14-slim-trixie`): the tests accept it.
FROM python:3.11.14-slim-trixie

# PYTHONDONTWRITEBYTECODE: the bytecode is compiled at build time below; at run time the code is read-only.
# HOME and TMPDIR on /tmp: anything a library writes to the user's home or temporary folder lands on the one
# writable mount instead of failing on the read-only root.
# No welcome message: to print it, a headless Streamlit asks an outside service for the machine's public address
# at every start, a request a health site's server should not make (and a wait where egress is blocked).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOME=/tmp \
    TMPDIR=/tmp \
    XDG_CACHE_HOME=/tmp/.cache \
    STREAMLIT_LOGGER_HIDE_WELCOME_MESSAGE=true

WORKDIR /app

# The runtime lock alone (no test or lint tools), every file checked against its hash. Wheels only: slim has
# no compiler, so a package without a wheel fails here, plainly, rather than half-way through a source build.
# The user owns nothing in the image, so the code and data cannot be changed by the process that serves them.
COPY requirements.txt ./
RUN pip install --no-cache-dir --require-hashes --no-deps --only-binary=:all: -r requirements.txt \
    && useradd --uid 10001 --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin app

# What the app reads at run time and nothing else (.dockerignore keeps tests, docs and the rest of the checkout
# out of the build context). *.py brings app.py and any other entry point beside it.
COPY .streamlit/ .streamlit/
COPY assets/ assets/
COPY data/ data/
COPY backpain/ backpain/
COPY components/ components/
COPY views/ views/
COPY *.py ./
RUN python -m compileall -q /app

USER 10001:10001
EXPOSE 8501

# Docker's own check (Kubernetes uses the probes in deploy/k8s/deployment.yaml instead). Slim has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read() != b'ok')"]

# The one place the server command lives: deploy/k8s/ sets no command or args, so a new entry point changes here only.
# .streamlit/config.toml (copied above) adds the rest: no telemetry, no file watcher, no run on save.
CMD ["python", "-m", "streamlit", "run", "serve.py", "--server.port", "8501", "--server.address", "0.0.0.0", "--server.headless", "true"]
