#!/usr/bin/python3
"""The plain-float baseline for gdcert's rigorous network path: the empirical NTK's lambda_min.

    /usr/bin/python3 tests/bench/nn_torch_ntk.py --d 10 --n 4 --width 4096 [--weights DIR --data DIR]

Builds a two-layer tanh network in the NTK parametrisation, f(x) = W2 tanh(W1 x / sqrt(d)) / sqrt(m),
computes the Jacobian of the n outputs with respect to all weights the fastest way torch offers
(functorch/torch.func `vmap(jacrev(f))`), K = J J^T and `eigvalsh(K)[0]`, in float64, and prints one
JSON line: {"width", "n", "d", "p", "seconds", "lambda_min", "method"}. With --weights DIR (W1.npy,
W2.npy as `gdcert nn check --save-weights` writes them) and --data DIR (X.npy, y.npy) it uses those
numbers, so the value can be compared with gdcert's enclosure; otherwise LeCun draws of its own.
A second method, the closed form of K for two layers (no Jacobian at all), is timed with
--closed-form (only that) or --both (one JSON line per method). Out of memory is reported as
"seconds": NaN with an "error" field instead of a traceback, so a benchmark table goes on.
Nothing here is rigorous: it is the speed baseline of issue 10 (tests/bench/run.sh nn).
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch

try:  # torch >= 2.0
    from torch.func import functional_call, jacrev, vmap
except ImportError:  # torch 1.13 (Debian 12): functorch
    from functorch import jacrev, vmap
    from torch.nn.utils.stateless import functional_call


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--d", type=int, default=10)
    ap.add_argument("--n", type=int, default=4)
    ap.add_argument("--width", type=int, default=4096)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--weights", help="directory with W1.npy, W2.npy")
    ap.add_argument("--data", help="directory with X.npy, y.npy")
    ap.add_argument("--closed-form", action="store_true", help="time the two-layer closed form of K instead")
    ap.add_argument("--both", action="store_true", help="time vmap(jacrev) and the closed form")
    ap.add_argument("--repeat", type=int, default=1, help="report the fastest of this many runs")
    args = ap.parse_args()
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    g = torch.Generator().manual_seed(args.seed)
    d, n, m = args.d, args.n, args.width
    if args.weights:
        W1 = torch.from_numpy(np.load(os.path.join(args.weights, "W1.npy")).astype(np.float64))
        W2 = torch.from_numpy(np.load(os.path.join(args.weights, "W2.npy")).astype(np.float64))
        m, d = W1.shape
    else:
        W1 = torch.randn(m, d, generator=g, dtype=torch.float64)
        W2 = torch.randn(1, m, generator=g, dtype=torch.float64)
    if args.data:
        X = torch.from_numpy(np.load(os.path.join(args.data, "X.npy")).astype(np.float64))
        n = X.shape[0]
    else:
        X = torch.randn(n, d, generator=g, dtype=torch.float64)

    params = {"W1": W1, "W2": W2}

    def f(p, x):
        h = torch.tanh(p["W1"] @ x / math.sqrt(d))
        return (p["W2"] @ h / math.sqrt(m)).squeeze(0)

    def once(closed_form):
        if closed_form:
            U = X @ W1.T / math.sqrt(d)                      # n x m pre-activations
            S, Sp = torch.tanh(U), 1 - torch.tanh(U) ** 2    # sigma, sigma'
            a = W2.squeeze(0)
            K = (S @ S.T + ((Sp * a) @ (Sp * a).T) * (X @ X.T) / d) / m
        else:
            jac = vmap(jacrev(f), in_dims=(None, 0))(params, X)  # dict of n x shape
            J = torch.cat([jac[k].reshape(n, -1) for k in ("W1", "W2")], dim=1)
            K = J @ J.T
        return torch.linalg.eigvalsh(K)[0].item()

    methods = [False, True] if args.both else [args.closed_form]
    for closed_form in methods:
        best, lam, error = math.inf, None, None
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            try:
                lam = once(closed_form)
            except RuntimeError as e:  # out of memory
                best, error = math.nan, str(e).splitlines()[0]
                break
            best = min(best, time.perf_counter() - t0)
        out = {"width": m, "n": n, "d": d, "p": m * d + m, "seconds": best, "lambda_min": lam,
               "method": "closed-form" if closed_form else "vmap(jacrev)"}
        if error:
            out["error"] = error
        print(json.dumps(out), flush=True)

if __name__ == "__main__":
    main()
