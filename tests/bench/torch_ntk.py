#!/usr/bin/env python3
"""Float baseline for bench_nn: seconds for torch's empirical NTK lambda_min (two-layer tanh,
NTK parametrisation, raw N(0,1) weights, d = 10), via torch.func / functorch vmap(jacrev(f)),
K = J J^T, eigvalsh. Prints "n width seconds lambda_min" per line (same shapes as bench_nn;
different random draws, so only the time is comparable)."""
import sys, time
import torch
try:
    from torch.func import vmap, jacrev, functional_call
except ImportError:
    from functorch import vmap, jacrev
    functional_call = None

torch.set_default_dtype(torch.float64)
torch.manual_seed(1)

def run(n, m, d=10):
    w1 = torch.randn(m, d)
    w2 = torch.randn(1, m)
    x = torch.randn(n, d)
    def f(params, xi):
        a, b = params
        return (b @ torch.tanh(a @ xi / d ** 0.5) / m ** 0.5).squeeze()
    t0 = time.perf_counter()
    jac = vmap(jacrev(f), in_dims=(None, 0))((w1, w2), x)
    J = torch.cat([j.reshape(n, -1) for j in jac], dim=1)
    K = J @ J.T
    lam = torch.linalg.eigvalsh(K)[0].item()
    return time.perf_counter() - t0, lam

pairs = [(int(a), int(b)) for a, b in (s.split(':') for s in sys.argv[1:])]
for n, m in pairs:
    try:
        s, lam = run(n, m)
        print(n, m, f"{s:.4f}", f"{lam:.6g}", flush=True)
    except RuntimeError as e:  # out of memory
        print(n, m, "nan", "nan", flush=True)
