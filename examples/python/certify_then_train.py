#!/usr/bin/python3
"""Certify, then train: gdcert proves that gradient descent from a torch model's initial weights
reaches zero training loss, then we run exactly that gradient descent and plot it against the
certified bound.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/certify_then_train.py [--out docs/certify_then_train.png]

1. Data: n = 3 points in R^3 (seeded normal inputs, targets uniform in [-1/2, 1/2]).
2. Model: two-layer tanh network f(x, w) = W2 tanh(W1 x), standard parametrisation, no biases,
   LeCun initialisation (entries N(0, 1 / fan_in)). The width is not tuned by hand: it starts at
   128 and doubles until gdcert certifies the draw (each width is a fresh draw from the same seed);
   every attempt is printed.
3. Certificate: gdcert.nn.check(model, X, y) proves, in outward-rounded interval arithmetic, that
   full-batch gradient descent on S(w) = (1/n) sum_i (y_i - f(x_i, w))^2 with any step
   eta <= report.gd["step"] stays in the ball B(w0, r) and satisfies S(w_k) <= (1 - delta)^k S(w0).
4. Training: plain gradient descent on exactly that S, with exactly the certified step, in float64,
   for the certified number of steps to reach S <= 1e-12 S(w0), capped at 3000 steps (the
   certified count is usually far larger: the bound is a guarantee, not a prediction).
5. Plot: the observed S(w_k) against the bound (1 - delta)^k S(w0), log scale.
"""
import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

import gdcert  # noqa: E402
import gdcert.nn  # noqa: E402

N, D, SEED = 3, 3, 1
MAX_STEPS = 3000


def lecun_two_layer(width, seed):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(D, width, bias=False), torch.nn.Tanh(),
                                torch.nn.Linear(width, 1, bias=False))
    with torch.no_grad():
        for layer in (model[0], model[2]):
            layer.weight.normal_(0.0, 1.0 / layer.in_features ** 0.5)
    return model


def loss(model, X, y):
    """gdcert's S(w) = (1/n) sum_i (y_i - f(x_i, w))^2."""
    return torch.mean((y - model(X).squeeze(1)) ** 2)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "..", "docs", "certify_then_train.png"))
    ap.add_argument("--max-width", type=int, default=8192)
    args = ap.parse_args()

    g = np.random.default_rng(SEED + 1)
    X = g.normal(size=(N, D))
    y = g.uniform(-0.5, 0.5, size=N)

    width, report, model = 128, None, None
    while width <= args.max_width:
        model = lecun_two_layer(width, SEED)
        report = gdcert.nn.check(model, X, y)
        print(f"width {width:5d}: {report.verdict} (radius {report.radius}, margin {report.margin:.3g})")
        if report.certified:
            break
        print("              not certified at this width: doubling it")
        width *= 2
    if not report.certified:
        print(f"no width up to {args.max_width} was certified; nothing to train", file=sys.stderr)
        return 1

    gd = report.gd
    step, delta, rate = gd["step"], gd["delta"], gd["rate"]
    steps = min(gd["iterations"], MAX_STEPS)
    print(f"certified: any step <= {step:.6g} keeps w_k in B(w0, {report.radius_exact}) and gives "
          f"S(w_k) <= (1 - delta)^k S(w0), delta = {delta:.4g}; S <= {gd['tol']:g} S(w0) after "
          f"{gd['iterations']} steps")
    if gd["iterations"] > MAX_STEPS:
        print(f"training for {steps} steps (capped at {MAX_STEPS}; the certified count is {gd['iterations']})")

    # Train exactly what was certified: the same weights (float32 -> float64 is exact), the loss S,
    # full-batch gradient descent with the certified step.
    net = lecun_two_layer(width, SEED).double()
    net.load_state_dict({k: v.double() for k, v in model.state_dict().items()})
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    w0 = torch.cat([p.detach().reshape(-1).clone() for p in net.parameters()])
    S0 = loss(net, Xt, yt).item()
    S0_upper = report.loss["S"][1]  # gdcert's enclosure of S(w0): S0 lies in it
    observed, distance = [S0], 0.0
    for _ in range(steps):
        net.zero_grad()
        S = loss(net, Xt, yt)
        S.backward()
        with torch.no_grad():
            for p in net.parameters():
                p -= step * p.grad
        observed.append(loss(net, Xt, yt).item())
        w = torch.cat([p.detach().reshape(-1) for p in net.parameters()])
        distance = max(distance, torch.linalg.norm(w - w0).item())
    k = np.arange(len(observed))
    bound = S0_upper * (1.0 - delta) ** k
    worst = max(o / b for o, b in zip(observed[1:], bound[1:]))
    print(f"S(w0) = {S0:.6g}; after {steps} steps S = {observed[-1]:.3g} "
          f"(bound {bound[-1]:.3g}); max over k >= 1 of S(w_k) / bound = {worst:.3g}; "
          f"max |w_k - w0| = {distance:.3g} <= r = {report.radius}")

    fig, ax = plt.subplots(figsize=(7, 4.2))
    ax.semilogy(k, observed, label=r"observed $S(w_k)$ (float64 gradient descent)", lw=2)
    ax.semilogy(k, bound, "--", label=r"certified bound $(1-\delta)^k\,S(w_0)$", lw=2)
    ax.set_xlabel("step k")
    ax.set_ylabel(r"$S(w) = \frac{1}{n}\sum_i (y_i - f(x_i, w))^2$")
    ax.set_title(f"Two-layer tanh, width {width}, LeCun init, n = {N}: certified step {step:.3g}, "
                 f"delta = {delta:.2g}", fontsize=10)
    ax.legend()
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    fig.savefig(args.out, dpi=110)
    print(f"wrote {os.path.normpath(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
