#!/usr/bin/python3
"""Fuzz driver for the gdcert command (standard library only, deterministic given a seed).

    tests/fuzz/fuzz.py --binary build-asan/gdcert --count 2000 --seed 1 --timeout 60 --jobs 2

Case i is generated from random.Random(f"{seed}:{i}") alone, so `--only i` replays one case.
Each case is a command line plus the files it reads (problem files, certificates), written to a
fresh directory. A run is a finding when it
  - is killed by a signal (crash) or prints a sanitizer report (ASan, UBSan, LSan),
  - exits with a status outside {0, 1, 2} (3 is gdcert's "internal error"),
  - runs past the timeout,
  - breaks the output contract: exit 2 without a message on stderr, --json with exit 0/1 whose
    stdout is not one JSON object, or a --cert file left half-written (a .tmp file, or a
    certificate that is not JSON, or one written although the verdict was not "certified").
Findings are copied to OUT/findings/<category>/<case>/ with a replay script (cmd.sh).

Generators are functions rng -> Case, registered in GENERATORS with a weight: command lines
(check, bound --box), problem files, certificates, model files with their data and weight files
(nn check) and sweep files (batch).
"""

import argparse
import concurrent.futures
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

# Limits of the program under test (keep in step with src/expr/program.hpp and
# src/expr/json_depth.hpp): the fuzzer probes both sides of each.
MAX_EXPR_NESTING = 200
MAX_JSON_DEPTH = 64


class Case:
    def __init__(self, generator, args, files=None, cert_out=None, results_out=None):
        self.generator = generator
        self.args = args            # list of str or bytes (bytes: non-UTF-8 file names)
        self.files = files or {}    # name (str or bytes) -> bytes content
        self.cert_out = cert_out    # the --cert file name, when one may be written
        self.results_out = results_out  # the --out file of gdcert batch


# --- expressions --------------------------------------------------------------------------

FUNCTIONS = ["exp", "log", "sqrt", "sin", "cos", "tan", "atan", "tanh", "sinh", "cosh",
             "sigmoid", "softplus", "abs"]
VARS = ["x", "y", "z", "w1", "w2", "x10", "x2", "_a"]


def gen_number(rng):
    r = rng.random()
    if r < 0.4:
        return str(rng.choice([0, 1, 2, 3, 10, 0.5, 0.1, 0.3, 1.5, 100]))
    if r < 0.55:
        return "%de%d" % (rng.randint(1, 9), rng.randint(-30, 30))
    if r < 0.65:
        return rng.choice(["0x1.8p+1", "0x1p-1074", "0x1.fffffffffffffp+1023", "0x.8", "0X1P3"])
    if r < 0.75:
        return rng.choice(["1e308", "1e-320", "1e400", "1e-400", "2.5e+3", "1e99999999999999999999",
                           "0.30000000000000000000000000001", "123456789012345678901234567890"])
    if r < 0.85:
        return "%.*f" % (rng.randint(0, 20), rng.uniform(-5, 5))
    return str(rng.randint(0, 10 ** rng.randint(1, 25)))


def gen_expr(rng, vars_, depth=0):
    r = rng.random()
    if depth > 6 or r < 0.25:
        return rng.choice(vars_) if rng.random() < 0.6 else gen_number(rng)
    if r < 0.55:
        op = rng.choice(["+", "-", "*", "/", "^"])
        a, b = gen_expr(rng, vars_, depth + 1), gen_expr(rng, vars_, depth + 1)
        if op == "^" and rng.random() < 0.7:
            b = str(rng.choice([2, 3, -1, -2, 4, 0, 1048576, 1048577, 0.5]))
        return "(%s)%s(%s)" % (a, op, b) if rng.random() < 0.5 else "%s %s %s" % (a, op, b)
    if r < 0.75:
        return "%s(%s)" % (rng.choice(FUNCTIONS), gen_expr(rng, vars_, depth + 1))
    if r < 0.85:
        return "-" + gen_expr(rng, vars_, depth + 1)
    if r < 0.92:
        return rng.choice(["pi", "e"])
    return "(%s)^2" % gen_expr(rng, vars_, depth + 1)


def hostile_expr(rng, vars_):
    """Expressions at and beyond the program's limits."""
    v = rng.choice(vars_)
    k = rng.choice([
        MAX_EXPR_NESTING - 1, MAX_EXPR_NESTING, MAX_EXPR_NESTING + 1, 1500, 5000])
    kind = rng.randrange(9)
    if kind == 0:
        return "(" * k + v + ")" * k
    if kind == 1:
        return "-" * k + v
    if kind == 2:
        return "^".join([v] * min(k, 400))
    if kind == 3:
        return "sin(" * k + v + ")" * k
    if kind == 4:
        return "+".join([v] * rng.choice([1000, 10000, 30000]))  # one argument stays below 128 KiB
    if kind == 5:
        return "*".join([v] * rng.choice([1000, 10000]))
    if kind == 6:
        return "(" * k + v  # unbalanced
    if kind == 7:
        return "+".join("(%s-%s)^2" % (v, gen_number(rng)) for _ in range(rng.choice([100, 2000])))
    return "((" + v + ")" * rng.randint(1, 3)


def mutate_text(rng, s):
    """Small random edits, including bytes that are not valid UTF-8."""
    b = bytearray(s.encode())
    for _ in range(rng.randint(1, 3)):
        r = rng.random()
        pos = rng.randint(0, len(b))
        if r < 0.3 and b:
            del b[min(pos, len(b) - 1)]
        elif r < 0.6:
            b[pos:pos] = rng.choice([b"(", b")", b";", b",", b"^", b"*", b"e", b".", b"\xff", b"\xc3",
                                     b" ", b"\t", b"0x", b"-", b"1e", b"@", b"\x00"[:0]])
        elif b:
            b[min(pos, len(b) - 1)] = rng.randrange(1, 256)
    return bytes(b)


def arg(x):
    """A command-line argument: str when it is valid UTF-8 text without NUL, else bytes."""
    if isinstance(x, bytes):
        x = x.replace(b"\x00", b"")
        try:
            return x.decode()
        except UnicodeDecodeError:
            return x
    return x.replace("\x00", "")


def gen_budget(rng):
    # A budget in boxes alone is capped at 60 s of wall time (src/bound/budget.hpp), above the
    # smoke run's timeout: huge box counts come with a time here.
    common = ["0.05", "0.1s", "0.2", "0.5s", "20boxes", "100boxes,0.3s", "0.2s,50boxes"]
    odd = ["300boxes", "1b", "1e30boxes,0.3s", "0.5boxes", "-1", "0", "nan", "inf", "", "1e-300", "5x", "1e999",
           "2s,3s", "18446744073709551616boxes,0.2s", "1e9s,1b", "1s,", ",1s"]
    return rng.choice(odd) if rng.random() < 0.2 else rng.choice(common)


def center_for(rng, n):
    return ",".join(gen_number(rng) if rng.random() < 0.3 else str(rng.choice([0, 1, 2, 0.5, -1, 1.1, 0.3]))
                    for _ in range(n))


def gen_check(rng):
    """gdcert check with flags: an expression, residuals or a system, and every criterion."""
    vars_ = rng.sample(VARS, rng.randint(1, 3))
    kind = rng.choice(["expr", "expr", "residuals", "system"])
    if rng.random() < 0.15:
        body = hostile_expr(rng, vars_)
    elif kind == "residuals":
        body = "; ".join(gen_expr(rng, vars_, 3) for _ in range(rng.randint(1, 3)))
    else:
        body = gen_expr(rng, vars_)
    body = arg(mutate_text(rng, body)) if rng.random() < 0.15 else body
    args = ["check", "--" + kind, body]
    if kind == "system":
        args += ["--targets", ",".join(str(rng.choice([0, 1, 2.5])) for _ in range(body.count(";") + 1))
                 if isinstance(body, str) else "1"]
    if rng.random() < 0.9:  # listed but unused variables are fine, and the centre then fits
        args += ["--vars", ",".join(sorted(vars_))]
    args.append("--center=" + center_for(rng, len(vars_) + (1 if rng.random() < 0.05 else 0)))
    args += ["--radius", rng.choice(["0.5", "0.1", "1", "auto", "0.5", "0.01", "0.2"] if rng.random() < 0.9 else
                                    ["1e-10", "0", "-1", "1e300", "", "x"])]
    crit = rng.choice(["chatterjee", "chatterjee", "plstar", "proxy-pl", "all"] if rng.random() < 0.97 else ["bogus"])
    args += ["--criterion", crit]
    if crit in ("proxy-pl", "all") and rng.random() < 0.8:
        args += ["--proxy", gen_expr(rng, vars_, 4)]
        for flag in ("--xi", "--power", "--mu", "--eps"):
            if rng.random() < 0.3:
                args += [flag, rng.choice(["", "0", "1", "2", "0.5", "-1", "3", "x", "1e400"])]
    if crit == "plstar" and rng.random() < 0.3:
        args += [rng.choice(["--mu", "--eps", "--output-map"]), rng.choice(["0.1", "", "tanh", "1e-3", "-2"])]
    if rng.random() < 0.3:
        args += ["--precision", str(rng.choice([2, 53, 64, 128, 1, 0, 100001, 4294967349, -5]))]
    args += ["--budget", gen_budget(rng)]
    if rng.random() < 0.1:
        args += ["--tol", rng.choice(["0.5", "0", "1", "", "1e-300", "x"])]
    if rng.random() < 0.5:
        args.append("--json")
    cert = None
    if crit == "chatterjee" and rng.random() < 0.3:
        cert = rng.choice(["c.json", b"c\xfe.json", "sub/none/c.json", "c d.json"])
        args += ["--cert", cert]
    return Case("check", args, cert_out=cert)


def gen_box(rng):
    """gdcert bound --box (and a few balls)."""
    vars_ = sorted(rng.sample(VARS, rng.randint(1, 3)))
    expr = hostile_expr(rng, vars_) if rng.random() < 0.1 else gen_expr(rng, vars_)
    if rng.random() < 0.7:
        items = []
        for v in vars_:
            lo, hi = sorted([rng.choice([0, 0.5, 1, -1, 2, 0.1]), rng.choice([0, 0.5, 1, -1, 2, 3])])
            items.append("%s=[%s,%s]" % (v, lo, hi))
        box = rng.choice([",", ", ", " , "]).join(items)
        r = rng.random()
        if r < 0.1:
            box = "x=[0," + "1" * rng.choice([100, 10000, 100000]) + "]"
        elif r < 0.15:
            box = ",".join("x%d=[0,1]" % i for i in range(rng.choice([100, 5000])))
        elif r < 0.4:
            box = arg(mutate_text(rng, box))
        args = ["bound", "--expr", expr, "--box", box]
    else:
        args = ["bound", "--expr", expr, "--center=" + center_for(rng, len(vars_)),
                "--radius", rng.choice(["0.5", "0.1", "1e-8", "0"]), "--budget", gen_budget(rng)]
    if rng.random() < 0.3:
        args += ["--precision", str(rng.choice([2, 53, 113, 1, 100001]))]
    if rng.random() < 0.5:
        args.append("--json")
    return Case("box", args)


# --- JSON files ---------------------------------------------------------------------------

def nested(rng, depth):
    v = rng.choice([1, "x", 0.5])
    for _ in range(depth):
        v = [v] if rng.random() < 0.5 else {"k": v}
    return v


def random_json_value(rng):
    return rng.choice([None, True, False, 0, 1, -1, 53, 4294967349, 18446744073709551615, -(2 ** 63),
                       1.5, 1e308, "", "x", "1", "0.5", "auto", [], [1, 2], {}, {"a": 1},
                       nested(rng, rng.choice([MAX_JSON_DEPTH - 2, MAX_JSON_DEPTH - 1, MAX_JSON_DEPTH,
                                               MAX_JSON_DEPTH + 1, 300]))])


def dump_with_mutation(rng, obj):
    text = json.dumps(obj).encode()
    r = rng.random()
    if r < 0.08:
        return text[:rng.randint(0, len(text))]  # truncated
    if r < 0.16:
        return mutate_text(rng, text.decode("utf-8", "replace"))
    if r < 0.2:
        return b"\xef\xbb\xbf" + text  # byte order mark
    if r < 0.24:
        return b"[" * 100000 + b"]" * 100000
    return text


def gen_problem(rng):
    """gdcert check PROBLEM.json with fields of every type and value range."""
    vars_ = rng.sample(VARS, rng.randint(1, 2))
    p = {}
    kind = rng.choice(["expr", "residuals", "system"])
    r = rng.random()
    p[kind] = gen_expr(rng, vars_) if r < 0.9 else hostile_expr(rng, vars_) if r < 0.98 else \
        "+".join(["(%s-1)^2" % vars_[0]] * 300000)  # files have no argument-length limit
    if kind == "system":
        p["targets"] = [1] * (p[kind].count(";") + 1)
    p["center"] = [rng.choice([1, 0.5, 2, "0.3", -1]) for _ in vars_]
    p["radius"] = rng.choice([0.5, "0.1", "auto", 1])
    p["budget"] = rng.choice(["0.1s", "0.3", "50boxes", 0.2, 1])
    optional = {"criterion": ["chatterjee", "plstar", "proxy-pl", "all", 3],
                "precision": [53, 64, 2, 1, 0, 100000, 100001, 4294967349, -1, 64.0, "64", 1e400],
                "tol": [1e-6, "0.5", 0, 2], "scale": [1, "0.5", 0, -1],
                "proxy": [gen_expr(rng, vars_, 4)], "xi": ["", 0, "1", [1]], "power": ["", 1, "2", 3, "0"],
                "mu": ["", 0.1, "-1"], "eps": ["", 1e-3], "vars": [sorted(vars_), ",".join(vars_), [1]],
                "description": ["d", "\u00e9"], "output_map": ["tanh", "x"]}
    for k, choices in optional.items():
        if rng.random() < 0.25:
            p[k] = rng.choice(choices)
    if p.get("precision") in (53, 64, 100000, 2):  # keep big precisions cheap
        p["budget"] = "0.1s"
    if rng.random() < 0.3:
        p[rng.choice(list(p.keys()) + ["unknown"])] = random_json_value(rng)
    name = rng.choice(["p.json", b"p\xff.json", "p.json", "missing/p.json"])
    files = {} if name == "missing/p.json" else {name: dump_with_mutation(rng, p)}
    args = ["check", name]
    if rng.random() < 0.3:
        args += ["--budget", "0.2s"]
    if rng.random() < 0.5:
        args.append("--json")
    return Case("problem", args, files)


SEED_CERTS = []  # (name, parsed certificate), loaded in main()


def mutate_json(rng, v, depth=0):
    """One random change somewhere in a parsed certificate (returns the new value)."""
    if isinstance(v, dict) and v and rng.random() < 0.8:
        k = rng.choice(list(v.keys()))
        r = rng.random()
        w = dict(v)
        if r < 0.1:
            del w[k]
        elif r < 0.15:
            w["extra"] = random_json_value(rng)
        else:
            w[k] = mutate_json(rng, v[k], depth + 1)
        return w
    if isinstance(v, list) and v and rng.random() < 0.8:
        i = rng.randrange(len(v))
        w = list(v)
        r = rng.random()
        if r < 0.1:
            del w[i]
        elif r < 0.2:
            w.insert(i, w[i])
        elif r < 0.25:
            w[i], w[-1] = w[-1], w[i]
        else:
            w[i] = mutate_json(rng, v[i], depth + 1)
        return w
    if isinstance(v, str) and v.startswith(("0x", "-0x")) and rng.random() < 0.6:
        return rng.choice(["-" + v.lstrip("-"), v.replace("p", "p+1"), "0x1p+1023", "0x0p+0", "-0x1p-3",
                           "0x1.0000000000001p+0", v[:-1], "nan", "inf", "1e400", "0.1"])
    if isinstance(v, int) and not isinstance(v, bool) and rng.random() < 0.6:
        return rng.choice([v + 1, v - 1, -v, 2 ** 32 + v, 2 ** 64 - 1, -(2 ** 63), 2 ** 63, 0, 1, 1000000])
    return random_json_value(rng)


def gen_certificate(rng):
    """gdcert verify on mutated copies of the example certificates."""
    if not SEED_CERTS:
        return gen_problem(rng)
    name, cert = rng.choice(SEED_CERTS)
    r = rng.random()
    if r < 0.1:
        c = cert  # the original: must verify
    else:
        c = cert
        for _ in range(rng.randint(1, 3)):
            c = mutate_json(rng, c)
    if rng.random() < 0.05 and isinstance(c, dict):
        c = dict(c)
        c["precision"] = rng.choice([4294967349, 4294967296 + 53, -1, 1, 100001, 53.0, "53", 2, 24, 100000])
    fname = rng.choice(["c.json", b"bad\xff.json", "c.json", "c.json"])
    files = {fname: dump_with_mutation(rng, c) if r >= 0.1 else json.dumps(c).encode()}
    args = ["verify", fname]
    if rng.random() < 0.5:
        args.append("--json")
    return Case("certificate", args, files)


def gen_misc(rng):
    """Usage errors and odd command lines."""
    return Case("misc", rng.choice([
        [], ["check"], ["bound"], ["verify"], ["demo", "--bogus"], ["--help"], ["check", "--help"],
        ["verify", "does-not-exist.json"], ["verify", "."], ["check", "."], ["bogus"],
        ["check", "--expr", "x^2", "--center", "1", "--radius", "0.5", "--precision", "4294967349"],
        ["check", "--expr", "x^2", "--center", "1", "--radius", "0.5", "--precision", "-1"],
        ["check", "--expr", "", "--center", "", "--radius", ""],
        ["bound", "--expr", "x", "--box", "", "--json"],
    ]))


# --- model files (gdcert nn check) and sweep files (gdcert batch) ---------------------------

def npy_bytes(shape, values, dtype="<f8"):
    """A NumPy .npy file (format 1.0) written by hand: the fuzzer needs no NumPy."""
    import struct
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (
        dtype, "".join("%d," % k for k in shape) if len(shape) == 1 else ", ".join(str(k) for k in shape))
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + " " * pad + "\n"
    fmt = {"<f8": "<%dd", "<f4": "<%df", "<i8": "<%dq"}.get(dtype, "<%dd")
    if dtype == "<i8":
        values = [int(v) for v in values]
    body = struct.pack(fmt % len(values), *values) if dtype in ("<f8", "<f4", "<i8") else b"\x00" * len(values)
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + body


def pick(rng, good, bad, p_bad):
    """A valid value, or with probability p_bad a broken one."""
    return rng.choice(bad) if rng.random() < p_bad else rng.choice(good)


def gen_layers(rng, p_bad):
    if rng.random() >= p_bad:
        d = rng.randint(1, 5)
        hidden = [rng.choice([1, 2, 8, 32, 256])] * rng.choice([1, 1, 1, 2])
        return [d] + hidden + [1]
    return rng.choice([[], [3], [3, 0, 1], [3, -1, 1], [3, 16, 2], ["3", 16, 1], [3, 1e9, 1], [3, 16, 1.5],
                       [3] * 70 + [1], [2, 2 ** 64, 1], [1000, 99000, 1], [100, 20000, 1], [3, 16, 1, 1]])


def gen_model_data(rng, layers, files, p_bad):
    d = layers[0] if layers and isinstance(layers[0], int) and 0 < layers[0] < 100 else 3
    n = rng.choice([1, 2, 3, 4, 8])
    if rng.random() < 0.5:
        s = {"n": pick(rng, [n], [0, -1, 2 ** 20 + 1, "4", 1.5], p_bad)}
        if rng.random() < 0.7:
            s["d"] = pick(rng, [d], [0, d + 1, 2 ** 24 + 1], p_bad)
        for k, good, bad in (("seed", [1, 2, 0, 2 ** 64 - 1], [-1, 2 ** 64, "7", 1.5]),
                             ("inputs", ["normal", "sphere"], ["uniform", "bogus", ""]),
                             ("targets", ["uniform(-0.5,0.5)", "uniform(-1,1)"], ["zero", "bogus"])):
            if rng.random() < 0.5:
                s[k] = pick(rng, good, bad, p_bad)
        return {"synthetic": s}
    fmt = rng.choice(["csv", "npy"])
    rows = [[rng.choice([0, 1, -1, 0.5, 2.25, 1e-3]) for _ in range(d)] for _ in range(n)]
    ys = [rng.choice([0, 0.5, -0.5, 1]) for _ in range(n)]
    if fmt == "csv":
        x = "\n".join(",".join(repr(v) for v in r) for r in rows).encode() + b"\n"
        y = "\n".join(repr(v) for v in ys).encode() + b"\n"
        if rng.random() < p_bad:
            x = mutate_text(rng, x.decode()) if rng.random() < 0.7 else rng.choice(
                [b"", b"nan,1,2\n", b"1e400,1\n", b"1,2\n1\n", b"\xff\xfe", b"1;2;3\n", b"x,y,z\n1,2,3\n"])
    else:
        x = npy_bytes([n, d], [v for r in rows for v in r], pick(rng, ["<f8", "<f4"], ["<i8", "|u1"], p_bad))
        y = npy_bytes([n], ys)
        if rng.random() < p_bad:
            x = x[:rng.randint(0, len(x))] if rng.random() < 0.5 else bytes(mutate_text(rng, x.decode("latin-1")))
    files["X." + fmt], files["y." + fmt] = x, y
    return {"inputs": "X." + fmt, "targets": pick(rng, ["y." + fmt], ["missing.csv", "."], p_bad)}


def gen_model_problem(rng, files, p_bad):
    layers = gen_layers(rng, p_bad)
    m = {"layers": layers}
    if rng.random() < 0.7:
        m["activation"] = pick(rng, ["tanh", "sigmoid", "softplus", "smooth_leaky_relu", "silu", "identity"],
                               ["relu", "", 3], p_bad)
    if m.get("activation") == "smooth_leaky_relu" and rng.random() < 0.5:
        m["slope"] = pick(rng, [0.01, "0.1", 0, 1], [-1, 1e400, "x"], p_bad)
    if rng.random() < 0.3:
        m["bias"] = pick(rng, [True, False], ["yes"], p_bad)
    if rng.random() < 0.7:
        m["parametrization"] = pick(rng, ["ntk", "standard"], ["x"], p_bad)
    m["data"] = gen_model_data(rng, layers, files, p_bad)
    ok_layers = all(isinstance(k, int) and 0 < k <= 256 for k in layers) and len(layers) >= 2 and len(layers) < 6
    if ok_layers and rng.random() < 0.3:  # weights from files, sometimes of the wrong shape
        ws = []
        for l in range(1, len(layers)):
            shape = [layers[l], layers[l - 1]] if rng.random() >= p_bad else [layers[l - 1], layers[l] + 1]
            files["W%d.npy" % l] = npy_bytes(shape, [rng.choice([0.1, -0.3, 0.7, 1.0]) for _ in range(shape[0] * shape[1])])
            ws.append("W%d.npy" % l)
        m["weights"] = ws if rng.random() >= p_bad else ws[:-1]
        if m.get("bias") is True:
            m["biases"] = []
            for l in range(1, len(layers)):
                files["b%d.npy" % l] = npy_bytes([layers[l]], [0.1] * layers[l])
                m["biases"].append("b%d.npy" % l)
    else:
        init = {"scheme": pick(rng, ["lecun", "he", "xavier", "ntk", "chatterjee41"], ["bogus", 1], p_bad),
                "seed": pick(rng, [1, 2, 3, 0, 2 ** 64 - 1], [-1, 2 ** 64, "x", 1.5], p_bad)}
        if init["scheme"] == "chatterjee41":  # its constants are required; lecun's c is optional
            init["A"] = pick(rng, [10, 1, 4], [0, 1e400], p_bad)
            init["delta"] = pick(rng, [0.1, "0.5"], [0, -2], p_bad)
        elif init["scheme"] == "lecun" and rng.random() < 0.3:
            init["c"] = pick(rng, [1, 2, "0.5"], [0, -1], p_bad)
        if rng.random() < p_bad:
            init[rng.choice(["c", "A", "delta", "x"])] = 1
        m["init"] = init
    if rng.random() < 0.7:
        m["radius"] = pick(rng, ["auto", 0.1, "0.05", 1, 1e-300], [0, -1, "1e400", "x"], p_bad)
    if rng.random() < 0.5:
        m["criterion"] = pick(rng, ["chatterjee", "plstar", "all"], ["proxy-pl", 1], p_bad)
    if rng.random() < p_bad:
        m[rng.choice(list(m.keys()) + ["unknown"])] = random_json_value(rng)
    return m


def gen_model(rng):
    """gdcert nn check MODEL.json: model files with data and weight files, valid and broken."""
    files = {}
    p_bad = 0.15 if rng.random() < 0.4 else 0.0  # most cases are valid, so that checks really run
    m = gen_model_problem(rng, files, p_bad)
    name = pick(rng, ["m.json", b"m\xff.json"], ["missing/m.json"], p_bad)
    if name != "missing/m.json":
        files[name] = dump_with_mutation(rng, m) if rng.random() < p_bad else json.dumps(m).encode()
    args = ["nn", "check", name]
    # Always a time budget, sometimes a tiny one: it must bound the whole run, set-up included.
    args += ["--budget", pick(rng, ["1s", "2s", "0.1s", "5s"], ["0", "x", "1e30boxes"], p_bad)]
    for flag, good, bad in (("--radius", ["0.1", "auto", "1e-3"], ["0", "-1", ""]),
                            ("--criterion", ["chatterjee", "plstar", "all"], ["x"]),
                            ("--precision", ["53", "64", "2", "200"], ["1", "100001"]),
                            ("--tol", ["1e-6", "0.5"], ["0", "2", "x"])):
        if rng.random() < 0.2:
            args += [flag, pick(rng, good, bad, p_bad)]
    if rng.random() < 0.1:
        args += ["--save-weights", pick(rng, ["out", ".", b"w\xff"], ["m.json", "missing/deeper"], p_bad)]
    if rng.random() < 0.5:
        args.append("--json")
    return Case("model", args, files)


def gen_sweep(rng):
    """gdcert batch SWEEP --out RESULTS: small sweeps over model and problem files, and broken ones."""
    files = {}
    if rng.random() < 0.6:
        m = gen_model_problem(rng, files, 0.0) if rng.random() < 0.3 else {
            "layers": [3, rng.choice([4, 8, 16]), 1], "activation": "tanh", "parametrization": "ntk",
            "data": {"synthetic": {"n": 2, "seed": 1}}, "init": {"scheme": "lecun", "seed": 1}, "radius": "auto"}
        axes_pool = {"width": [[2, 4], [0], [-1, 4], ["8"], [], [2 ** 40]], "seed": [[1, 2], {"from": 1, "to": 3},
                     {"from": 3, "to": 1}, {"from": 1, "to": 10 ** 12}, {"from": 1, "to": 3, "step": 0}],
                     "depth": [[1, 2], [0], [100]], "activation": [["tanh", "sigmoid"], ["bogus"]],
                     "scheme": [["lecun", "he"], ["x"]], "c": [[1, 2]], "radius": [[0.1, "auto"], [0]],
                     "criterion": [["chatterjee", "plstar"]], "/init/seed": [[4]], "/nope/x": [[1]], "bogus": [[1]]}
        base = m
    else:
        base = {"expr": gen_expr(rng, ["x", "y"]), "vars": ["x", "y"], "center": [1, 0.5], "radius": 0.5,
                "budget": "0.2s"}
        axes_pool = {"radius": [[0.1, 0.2], ["auto"], [0, -1], []], "criterion": [["chatterjee", "plstar"], ["x"]],
                     "center": [[[1, 1], [2, 0]], [[1]]], "expr": [["x^2+y^2", "(x*y-1)^2"], ["(("]],
                     "precision": [[53, 64], [1]], "width": [[2]], "/radius": [[0.3]]}
    axes = {}
    for k in rng.sample(sorted(axes_pool), rng.randint(0, 3)):
        vals = axes_pool[k]
        axes[k] = vals[0] if rng.random() < 0.7 else rng.choice(vals)
    sweep = {"base": "base.json", "axes": axes}
    r = rng.random()
    if r < 0.1:
        sweep["zip"] = [rng.choice([{"seed": [1, 2], "radius": [0.1, 0.2]}, {"seed": [1, 2], "radius": [0.1]}, {}])]
    elif r < 0.2:
        sweep["set"] = rng.choice([{"radius": "auto"}, {"criterion": "bogus"}, {"nope": 1}, {"budget": "0.1s"}])
    elif r < 0.25:
        del sweep["base"]
        sweep["problems"] = rng.choice([["base.json", "base.json"], [], ["missing.json"], "base.json"])
    elif r < 0.3:
        sweep["base"] = rng.choice(["missing.json", "", ".", "../../../../etc/passwd", 1])
    files["base.json"] = dump_with_mutation(rng, base) if rng.random() < 0.2 else json.dumps(base).encode()
    name = rng.choice(["s.json", "s.json", b"s\xff.json"])
    files[name] = dump_with_mutation(rng, sweep)
    out = rng.choice(["r.jsonl", "r.jsonl", b"r\xfe.jsonl", "missing/r.jsonl", "s.json"])
    args = ["batch", name, "--out", out, "--jobs", rng.choice(["1", "2", "0", "x"] if rng.random() < 0.1 else ["1", "2"])]
    if rng.random() < 0.1:
        args += ["--shard", rng.choice(["0/2", "1/2", "2/2", "0/0", "x", "1/"])]
    if rng.random() < 0.3:
        args.append("--quiet")
    if rng.random() < 0.1:  # a results file from another sweep, or a torn one
        files[out] = rng.choice([b'{"gdcert_batch": 1, "sweep_hash": "0000", "checks": 1}\n', b'{"gdcert_b', b"\xff\n"])
    return Case("sweep", args, files, results_out=out)


GENERATORS = [  # (name, weight, function)
    ("check", 40, gen_check),
    ("box", 15, gen_box),
    ("problem", 20, gen_problem),
    ("certificate", 20, gen_certificate),
    ("misc", 5, gen_misc),
    ("model", 12, gen_model),
    ("sweep", 8, gen_sweep),
]


def make_case(seed, i, only_generator=None):
    rng = random.Random("%s:%d" % (seed, i))
    gens = [g for g in GENERATORS if only_generator in (None, g[0])]
    total = sum(w for _, w, _ in gens)
    x = rng.uniform(0, total)
    for name, w, fn in gens:
        x -= w
        if x <= 0:
            return fn(rng)
    return gens[-1][2](rng)


# --- running and classifying --------------------------------------------------------------

SANITIZER_MARKERS = [b"ERROR: AddressSanitizer", b"runtime error:", b"ERROR: LeakSanitizer",
                     b"ERROR: UndefinedBehaviorSanitizer", b"AddressSanitizer:DEADLYSIGNAL"]


def fsname(x):
    return x if isinstance(x, bytes) else x.encode()


def run_case(binary, case, workdir, timeout):
    if os.path.exists(workdir):
        shutil.rmtree(workdir)
    os.makedirs(workdir)
    for name, content in case.files.items():
        path = os.path.join(fsname(workdir), fsname(name))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(content)
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0:exitcode=86")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1:exitcode=87")
    start = time.monotonic()
    try:
        p = subprocess.Popen([binary] + case.args, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=env, start_new_session=True)
    except OSError as e:  # e.g. an argument beyond the kernel's limit: not a run of gdcert
        return "skipped", None, b"", str(e).encode(), 0.0
    try:
        out, err = p.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        timed_out = True
    seconds = time.monotonic() - start
    return classify(case, workdir, p.returncode, out, err, timed_out), p.returncode, out, err, seconds


def classify(case, workdir, code, out, err, timed_out):
    if timed_out:
        return "timeout"
    if any(m in err for m in SANITIZER_MARKERS):
        return "sanitizer"
    if code < 0:
        return "crash"
    if code not in (0, 1, 2):
        return "bad_exit"
    if code == 2 and not err.strip() and not json_reason(out):
        return "contract"  # bad input must be named (on stderr, or in the JSON report of verify)
    if "--json" in case.args and code in (0, 1) and case.args[0] != "--help":
        try:
            if not isinstance(json.loads(out), dict):
                return "contract"
        except ValueError:
            return "contract"
    if case.cert_out is not None:
        cert = os.path.join(fsname(workdir), fsname(case.cert_out))
        if os.path.exists(cert + b".tmp"):
            return "contract"  # half-written
        if os.path.exists(cert):
            if code != 0:
                return "contract"  # a certificate for a verdict that is not "certified"
            try:
                with open(cert, "rb") as f:
                    json.loads(f.read())
            except ValueError:
                return "contract"
    if case.results_out is not None:
        res = os.path.join(fsname(workdir), fsname(case.results_out))
        existed = case.results_out in case.files
        if code == 2 and not existed and os.path.isfile(res):
            return "contract"  # bad input: nothing may be written
        if code == 0 and os.path.isfile(res):
            with open(res, "rb") as f:
                for line in f.read().split(b"\n")[:-1]:
                    try:
                        json.loads(line)
                    except ValueError:
                        return "contract"  # a torn or non-JSON results line
    return "ok"


def json_reason(out):
    try:
        j = json.loads(out)
    except ValueError:
        return False
    return isinstance(j, dict) and bool(j.get("reason"))


def shell_quote(x):
    b = fsname(x)
    return "$'" + "".join(chr(c) if 32 <= c < 127 and c not in (39, 92) else "\\x%02x" % c for c in b) + "'"


def save_finding(outdir, category, index, case, code, out, err, binary):
    d = os.path.join(outdir, "findings", category, "case%06d" % index)
    os.makedirs(d, exist_ok=True)
    for name, content in case.files.items():
        path = os.path.join(fsname(d), fsname(name))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(content)
    with open(os.path.join(d, "cmd.sh"), "w") as f:
        f.write("#!/bin/bash\n# generator %s, exit %s\ncd \"$(dirname \"$0\")\"\n%s %s\n" % (
            case.generator, code, binary, " ".join(shell_quote(a) for a in case.args)))
    with open(os.path.join(d, "stderr.txt"), "wb") as f:
        f.write(err[-20000:])
    with open(os.path.join(d, "stdout.txt"), "wb") as f:
        f.write(out[-20000:])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", default="1")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", default="fuzz-out")
    ap.add_argument("--certs", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "certs"))
    ap.add_argument("--only", type=int, help="run only case ONLY (replay)")
    ap.add_argument("--generator", help="use only this generator")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    outdir = os.path.abspath(a.out)
    os.makedirs(outdir, exist_ok=True)
    for fn in sorted(os.listdir(a.certs)) if os.path.isdir(a.certs) else []:
        if fn.endswith(".json") and fn != "schema.json":
            with open(os.path.join(a.certs, fn)) as f:
                SEED_CERTS.append((fn, json.load(f)))

    indices = [a.only] if a.only is not None else list(range(a.count))
    counts = {}
    per_gen = {}
    slowest = (0.0, None)
    started = time.monotonic()

    def one(i):
        case = make_case(a.seed, i, a.generator)
        return i, case, run_case(binary, case, os.path.join(outdir, "work", "w%06d" % i), a.timeout)

    done = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        for i, case, (cat, code, out, err, secs) in pool.map(one, indices):
            done += 1
            shutil.rmtree(os.path.join(outdir, "work", "w%06d" % i), ignore_errors=True)
            counts[cat] = counts.get(cat, 0) + 1
            g = per_gen.setdefault(case.generator, {})
            g[cat] = g.get(cat, 0) + 1
            g["exit%s" % code] = g.get("exit%s" % code, 0) + 1
            if secs > slowest[0]:
                slowest = (secs, i)
            if cat not in ("ok", "skipped"):
                save_finding(outdir, cat, i, case, code, out, err, binary)
                print("finding: case %d (%s): %s, exit %s" % (i, case.generator, cat, code), flush=True)
            if a.verbose or done % 500 == 0:
                print("... %d/%d runs, %.0f s" % (done, len(indices), time.monotonic() - started), flush=True)

    cats = ["ok", "skipped", "crash", "sanitizer", "bad_exit", "timeout", "contract"]
    print("\nfuzz summary: seed %s, %d inputs, %.0f s, binary %s" % (a.seed, len(indices),
                                                                   time.monotonic() - started, binary))
    print("%-12s" % "generator" + "".join("%10s" % c for c in cats) + "%8s%8s%8s" % ("exit0", "exit1", "exit2"))
    for name in sorted(per_gen):
        g = per_gen[name]
        print("%-12s" % name + "".join("%10d" % g.get(c, 0) for c in cats) +
              "%8d%8d%8d" % (g.get("exit0", 0), g.get("exit1", 0), g.get("exit2", 0)))
    print("%-12s" % "total" + "".join("%10d" % counts.get(c, 0) for c in cats))
    print("slowest run: %.1f s (case %s)" % slowest)
    findings = sum(v for k, v in counts.items() if k not in ("ok", "skipped"))
    if findings:
        print("FINDINGS: %d (reproducers in %s/findings)" % (findings, outdir))
        return 1
    print("no findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
