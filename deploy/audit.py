"""`make audit`: check every locked package against a vulnerability database, and say plainly what was checked.

pip-audit asks PyPI's JSON API (or OSV) about each package. Where that service cannot be reached,
pip-audit skips the package, and can still end with "No known vulnerabilities found". This wrapper
reads its JSON report and tells the three outcomes apart:

  exit 0  every package was checked and none has a known vulnerability;
  exit 1  at least one known vulnerability (each is listed with its fix versions);
  exit 2  some or all packages could not be checked (the service could not be reached): not a pass.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ("requirements-dev.txt",)  # the development lock holds every runtime package too


def run_pip_audit(lock: Path, service: str) -> tuple[dict | None, str]:
    command = [sys.executable, "-m", "pip_audit", "--requirement", str(lock), "--require-hashes", "--disable-pip",
               "--progress-spinner", "off", "--format", "json", "--vulnerability-service", service]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    try:
        return json.loads(done.stdout), done.stderr
    except json.JSONDecodeError:
        return None, done.stderr or done.stdout


def summarise(report: dict) -> tuple[list[str], list[str], int]:
    """Lines for each vulnerability, lines for each package not checked, and how many packages were checked."""
    found, skipped, checked = [], [], 0
    for dep in report.get("dependencies", []):
        if dep.get("skip_reason"):
            skipped.append(f"  {dep['name']}: {dep['skip_reason']}")
            continue
        checked += 1
        for vuln in dep.get("vulns", []):
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            found.append(f"  {dep['name']} {dep.get('version', '')}: {vuln.get('id')} (fixed in: {fixes})")
    return found, skipped, checked


def main() -> int:
    vulnerable = unchecked = False
    for name in LOCKS:
        lock = ROOT / name
        for service in ("pypi", "osv"):
            report, errors = run_pip_audit(lock, service)
            if report is None:
                last = (errors.strip().splitlines() or ["no answer"])[-1]
                print(f"{name}: the {service} vulnerability service could not be reached: {last[:200]}")
                continue
            found, skipped, checked = summarise(report)
            if skipped and not checked:
                print(
                    f"{name}: the {service} vulnerability service could not be reached; none of {len(skipped)} packages was checked."
                )
                continue
            break
        else:
            print(f"NOT AUDITED: {name} could not be checked against any vulnerability service. This is not a pass.")
            unchecked = True
            continue
        print(f"{name}: {checked} packages checked against {service}.")
        if found:
            print(f"{len(found)} known vulnerabilities:\n" + "\n".join(found))
            vulnerable = True
        if skipped:
            print(f"NOT CHECKED ({len(skipped)} packages; the service did not answer for them):\n" + "\n".join(skipped))
            unchecked = True
        if not found and not skipped:
            print("No known vulnerabilities.")
    return 1 if vulnerable else 2 if unchecked else 0


if __name__ == "__main__":
    sys.exit(main())
