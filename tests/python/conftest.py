"""Shared set-up of the Python tests: the gdcert binary (for comparisons with the command line)
and the repository's example files. ctest sets PYTHONPATH to build/python and GDCERT_BINARY."""
import json
import os
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _binary():
    b = os.environ.get("GDCERT_BINARY") or os.path.join(ROOT, "build", "gdcert")
    if not os.path.exists(b):
        pytest.fail(f"gdcert binary not found at {b} (set GDCERT_BINARY)")
    return b


@pytest.fixture(scope="session")
def cli():
    """Runs `gdcert ARGS... --json` and returns (exit status, parsed JSON)."""
    binary = _binary()

    def run(*args):
        p = subprocess.run([binary, *args, "--json"], capture_output=True, text=True, timeout=300)
        assert p.returncode in (0, 1), f"gdcert {' '.join(args)} exited {p.returncode}: {p.stderr}"
        return p.returncode, json.loads(p.stdout)

    return run


@pytest.fixture(scope="session")
def examples():
    return os.path.join(ROOT, "examples")


# Fields that measure time (or depend on it) are left out of comparisons.
TIMING_KEYS = {"seconds", "timings"}


def strip_timing(value):
    if isinstance(value, dict):
        return {k: strip_timing(v) for k, v in value.items() if k not in TIMING_KEYS}
    if isinstance(value, list):
        return [strip_timing(v) for v in value]
    return value


def first_difference(a, b, path=""):
    """The path of the first difference between two JSON values, or None."""
    if isinstance(a, dict) and isinstance(b, dict):
        if sorted(a) != sorted(b):
            return f"{path or '/'}: fields {sorted(set(a) ^ set(b))} in one only"
        for k in a:
            d = first_difference(a[k], b[k], f"{path}/{k}")
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}/{i}")
            if d:
                return d
        return None
    return None if a == b else f"{path}: python {a!r} != command line {b!r}"


def assert_same_fields(python, cli_json, skip=()):
    """Field by field (timing aside), naming the first difference."""
    a, b = strip_timing(python), strip_timing(cli_json)
    for k in skip:
        a.pop(k, None), b.pop(k, None)
    d = first_difference(a, b)
    assert d is None, d
