"""gdcert: rigorous certificates that gradient descent reaches a global minimum.

A thin front end over gdcert's C++ library (the one the ``gdcert`` command runs): every
verdict and bound comes from the same outward-rounded interval / MPFR computation, and a
report's fields are those of ``gdcert check ... --json``.

    >>> import gdcert
    >>> r = gdcert.check(expr="(x*y-1)^2", center=["2", "0.3"], radius="0.5")
    >>> r.certified, r.verdict, r.alpha["lower"], r.gd["step"]
    (True, 'certified', 9.27..., 0.0263...)
    >>> r.write_cert("xy.json"); gdcert.verify("xy.json").ok
    True

Numbers: a Python ``float`` means exactly the double it holds, so ``0.3`` is
0.299999999999999988897769753748434595763683319091796875, not 3/10; a string means the exact
decimal it spells, so ``"0.3"`` is 3/10 (what the command line's ``--center 2,0.3`` means).
Integers are exact. Pass strings when you mean decimals.

Networks (PyTorch ``nn.Sequential`` models with data): see :mod:`gdcert.nn`.

Long checks release the GIL and can be interrupted with Ctrl-C (``KeyboardInterrupt``); the
check is cancelled and its thread joined before the exception reaches you.
"""

import decimal
import json
import math
import numbers
import os

from . import _gdcert

__all__ = ["check", "verify", "Report", "VerifyResult", "criteria"]

criteria = ("chatterjee", "plstar", "proxy-pl", "all")


def _number_text(x, what):
    """The exact text of a number: str as written, int exactly, float as its exact double."""
    if isinstance(x, str):
        if not x.strip():
            raise ValueError(f"{what}: empty number")
        return x.strip()
    if isinstance(x, bool):
        raise ValueError(f"{what}: expected a number, got a bool")
    if isinstance(x, numbers.Integral):
        return str(int(x))
    if isinstance(x, decimal.Decimal):
        if not x.is_finite():
            raise ValueError(f"{what}: {x} is not finite")
        return str(x)
    if isinstance(x, numbers.Real):
        f = float(x)  # numpy float32/float64 -> float is exact
        if not math.isfinite(f):
            raise ValueError(f"{what}: {f!r} is not finite")
        exact = decimal.Decimal(f)
        short = repr(f)
        # repr is the shortest text that rounds to f; use it only when it *is* f.
        return short if decimal.Decimal(short) == exact else str(exact)
    raise ValueError(f"{what}: expected a number (float, int or decimal string), got {type(x).__name__}")


def _number_list(xs, what):
    if isinstance(xs, (str, numbers.Number, decimal.Decimal)):
        xs = [xs]
    try:
        items = list(xs)
    except TypeError:
        raise ValueError(f"{what}: expected a list of numbers, got {type(xs).__name__}") from None
    return [_number_text(x, f"{what}[{i}]") for i, x in enumerate(items)]


def _radius_text(radius):
    if isinstance(radius, str) and radius.strip() == "auto":
        return "auto"
    return _number_text(radius, "radius")


def _budget_text(budget):
    if budget is None:
        return None
    if isinstance(budget, str):
        return budget
    return _number_text(budget, "budget") + "s"


class Report:
    """The report of one check: the fields of the command line's ``--json`` as attributes.

    ``r.verdict``, ``r.radius``, ``r.alpha`` (``{"lower", "upper"}``), ``r.margin``, ``r.gd``
    (the certified step ``r.gd["step"]``, rate, iterations), ... -- whatever the JSON report of
    that criterion holds (``r.to_dict()`` lists them; ``r["field"]`` works too).
    ``r.certified`` is the exit-status rule of the command line (``criterion="all"``: Chatterjee
    or PL* certified); ``r.text`` is the text report.
    """

    def __init__(self, json_text, text, exit_status, result=None):
        self.__dict__["_data"] = json.loads(json_text)
        self.__dict__["_text"] = text
        self.__dict__["_exit_status"] = exit_status
        self.__dict__["_result"] = result

    @property
    def certified(self):
        return self._exit_status == 0

    @property
    def exit_status(self):
        """0 certified, 1 not (refuted or inconclusive), as the command line exits."""
        return self._exit_status

    @property
    def text(self):
        return self._text

    def to_dict(self):
        return json.loads(json.dumps(self._data))

    def __getattr__(self, name):
        data = self.__dict__.get("_data", {})
        if name in data:
            return data[name]
        raise AttributeError(f"this report has no field {name!r} (fields: {', '.join(sorted(data))})")

    def __setattr__(self, name, value):
        raise AttributeError("a Report is read-only")

    def __getitem__(self, key):
        return self._data[key]

    def __contains__(self, key):
        return key in self._data

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._data))

    def write_cert(self, path):
        """Write a certificate (checkable by ``gdcert.verify`` or ``gdcert verify``).

        Only for a certified Chatterjee check of ``gdcert.check``; ValueError otherwise."""
        if self._result is None:
            raise ValueError("write_cert: certificates exist for gdcert.check with criterion 'chatterjee' only")
        self._result.write_cert(os.fspath(path))

    def run_gd(self, steps=100000):
        """Gradient descent in double precision with Chatterjee's certified step, next to the
        certified bound f(x0) rate^k: a sanity check, not part of the proof (``--run-gd``).

        Returns the ``run_gd`` object of ``gdcert check --run-gd --json``: ``trace`` rows
        ``{"k", "f", "bound"}`` at k = 0, 1, 4, 16, ... and the last step, or ``{"skipped": why}``
        when no certified step exists. ``steps`` caps the run (1 to 10^8)."""
        if self._result is None:
            raise ValueError("run_gd: only for gdcert.check (Chatterjee's certified step)")
        if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= 10**8:
            raise ValueError("run_gd: steps must be a whole number from 1 to 10^8")
        return json.loads(self._result.run_gd(steps))

    def __repr__(self):
        d = self._data
        parts = [str(d.get("criterion", "?")) + ": " + str(d.get("verdict", "?"))]
        if "radius_exact" in d:
            parts.append(f"r={d['radius_exact']}")
        if isinstance(d.get("alpha"), dict):
            parts.append(f"alpha>={d['alpha'].get('lower')}")
        if "margin" in d:
            parts.append(f"margin>={d['margin']}")
        if isinstance(d.get("mu"), dict):
            parts.append(f"mu>={d['mu'].get('lower')}")
        gd = d.get("gd")
        if isinstance(gd, dict):
            parts.append(f"step={gd.get('step')}, rate={gd.get('rate')}, iterations={gd.get('iterations')}")
        return "<gdcert.Report " + ", ".join(parts) + ">"


def check(expr=None, *, residuals=None, system=None, targets=None, center, radius="auto",
          criterion="chatterjee", precision=None, variables=None, budget=None, tol=None, scale=None,
          output_map=None, eps=None, mu=None, proxy=None, xi=None, power=None, certificate=None):
    """Certify (or refute) a criterion on the ball B(center, radius); the command line's ``gdcert check``.

    Exactly one of ``expr`` ("(x*y-1)^2"), ``residuals`` ("10*(y-x^2); 1-x" or a list of
    residual expressions: f = scale * sum r_i^2) or ``system`` + ``targets`` (PL*: F(w) = y).

    center: numbers (floats are exact doubles, strings exact decimals; see the module help);
    radius: a positive number or "auto" (search for the best radius); criterion: "chatterjee",
    "plstar", "proxy-pl" or "all"; precision: MPFR bits (None: double intervals); variables:
    their order (default alphabetical); budget: "20s" (default), seconds as a number,
    "20000boxes", ...; certificate: a path to write a certificate to when certified
    (or call ``write_cert`` later).

    Returns a :class:`Report`. Bad input raises ValueError naming the field (an expression that
    does not parse: with the position).
    """
    given = [name for name, v in (("expr", expr), ("residuals", residuals), ("system", system)) if v is not None]
    if len(given) != 1:
        raise ValueError("give exactly one of expr, residuals, system" + (f" (got {', '.join(given)})" if given else ""))
    if isinstance(residuals, (list, tuple)):
        residuals = "; ".join(residuals)
    if isinstance(system, (list, tuple)):
        system = "; ".join(system)
    if system is not None and targets is None:
        raise ValueError("system needs targets (one per equation)")
    if isinstance(variables, str):
        variables = [v.strip() for v in variables.split(",")]
    if criterion not in criteria:
        raise ValueError(f"criterion: unknown criterion {criterion!r} ({', '.join(criteria)})")
    fields = {
        "expr": expr, "residuals": residuals, "system": system,
        "targets": None if targets is None else _number_list(targets, "targets"),
        "center": _number_list(center, "center"),
        "radius": _radius_text(radius),
        "criterion": criterion,
        "precision": precision,
        "vars": None if variables is None else [str(v) for v in variables],
        "budget": _budget_text(budget),
        "tol": None if tol is None else _number_text(tol, "tol"),
        "scale": None if scale is None else _number_text(scale, "scale"),
        "output_map": output_map,
        "eps": None if eps is None else _number_text(eps, "eps"),
        "mu": None if mu is None else _number_text(mu, "mu"),
        "proxy": proxy,
        "xi": None if xi is None else _number_text(xi, "xi"),
        "power": None if power is None else _number_text(power, "power"),
    }
    for key in ("expr", "residuals", "system", "output_map", "proxy"):
        if fields[key] is not None and not isinstance(fields[key], str):
            raise ValueError(f"{key}: expected a string, got {type(fields[key]).__name__}")
    r = _gdcert.check(fields, "" if certificate is None else os.fspath(certificate))
    return Report(r.json, r.text, r.exit_status, r)


class VerifyResult:
    """The outcome of :func:`verify`: ``ok`` (bool), ``status`` ("verified" / "rejected"),
    ``reason`` and ``location`` (a JSON pointer to the first failure), ``boxes_checked``."""

    def __init__(self, path, d):
        self.path = path
        self.status = d["status"]
        self.ok = self.status == "verified"
        self.reason = d["reason"]
        self.location = d["location"]
        self.boxes_checked = d["boxes_checked"]
        self.seconds = d["seconds"]

    def __bool__(self):
        return self.ok

    def __repr__(self):
        if self.ok:
            return f"<gdcert.VerifyResult verified: {self.path} ({self.boxes_checked} boxes re-checked)>"
        return f"<gdcert.VerifyResult {self.status}: {self.path} at {self.location or '/'}: {self.reason}>"


def verify(path):
    """Independently re-check a certificate (``gdcert verify``).

    Returns a :class:`VerifyResult` (``ok`` False with the reason when the certificate is
    rejected); raises ValueError when the file is malformed, FileNotFoundError when missing."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no certificate file {path!r}")
    d = _gdcert.verify(path)
    if d["status"] == "malformed":
        where = f" at {d['location']}" if d["location"] else ""
        raise ValueError(f"malformed certificate {path}{where}: {d['reason']}")
    return VerifyResult(path, d)
