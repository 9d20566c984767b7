"""gdcert.nn: certify gradient descent on a PyTorch network with its data (``gdcert nn check``).

    >>> import torch, gdcert.nn
    >>> model = torch.nn.Sequential(torch.nn.Linear(3, 256, bias=False), torch.nn.Tanh(),
    ...                             torch.nn.Linear(256, 1, bias=False))
    >>> r = gdcert.nn.check(model, X, y)          # X: n x 3, y: n (tensors or NumPy arrays)
    >>> r.certified, r.radius, r.gd["step"], r.lambda_min_K

The loss is gdcert's S(w) = (1/n) sum_i (y_i - f(x_i, w))^2 over the raw parameters
w = (W1, b1, W2, b2, ...) of the model as it is now; a certified report says that plain
full-batch gradient descent on S with any step <= ``r.gd["step"]`` stays in the ball
B(w0, r.radius) and reaches S = 0 with S(w_k) <= (1 - delta)^k S(w0), delta = ``r.gd["delta"]``.

Supported models: a ``torch.nn.Sequential`` of ``Linear`` layers alternating with one
activation, the same throughout -- ``Tanh``, ``Sigmoid``, ``Softplus`` (beta=1; gdcert
certifies the exact log(1 + e^x), torch's ``threshold`` shortcut aside), ``SiLU`` or
``Identity`` -- ending with a ``Linear`` layer with one output; biases in every Linear layer
or in none. Anything else raises ValueError naming the layer.

Numbers: the weights are taken as they are now, converted to float64 exactly (float32, float16
and bfloat16 all convert exactly); X and y likewise (NaN or infinite entries: ValueError).
C-contiguous float64 NumPy arrays are read without a copy.

``parametrization="ntk"`` certifies the network g_l = W_l f_{l-1} / sqrt(d_{l-1}) + b_l with the
model's weights, which is *not* the function a plain ``nn.Linear`` computes; the default
"standard" is.
"""

import math
import os

import numpy as np

from . import Report, _budget_text, _gdcert, _number_text

__all__ = ["check", "check_file", "describe"]

_ACTIVATIONS = {"Tanh": "tanh", "Sigmoid": "sigmoid", "Softplus": "softplus", "SiLU": "silu", "Identity": "identity"}
_SUPPORTED = "Linear layers alternating with Tanh, Sigmoid, Softplus(beta=1), SiLU or Identity"


def _layer_name(name, layer):
    return f"layer {name} ({type(layer).__name__})"


def describe(model):
    """The architecture gdcert reads from ``model``: a dict with layers, activation, bias,
    weights and biases (float64 NumPy arrays, exact). ValueError for an unsupported model."""
    import torch

    if not isinstance(model, torch.nn.Sequential):
        raise ValueError(f"model: expected a torch.nn.Sequential of {_SUPPORTED}, got {type(model).__name__}")
    children = list(model.named_children())
    if not children:
        raise ValueError("model: the Sequential is empty")
    layers, weights, biases = [], [], []
    activation, bias = None, None
    for k, (name, layer) in enumerate(children):
        what = _layer_name(name, layer)
        if k % 2 == 0:
            if not isinstance(layer, torch.nn.Linear):
                if type(layer).__name__ in _ACTIVATIONS:
                    raise ValueError(f"{what}: expected a Linear layer here (one activation between Linear layers)")
                raise ValueError(f"{what} is not supported: gdcert certifies {_SUPPORTED}")
            if type(layer) is not torch.nn.Linear:
                raise ValueError(f"{what} is not supported: a subclass of Linear may compute something else")
            if layers and layer.in_features != layers[-1]:
                raise ValueError(f"{what}: in_features {layer.in_features} does not match the previous layer's {layers[-1]} outputs")
            if not layers:
                layers.append(layer.in_features)
            layers.append(layer.out_features)
            has_bias = layer.bias is not None
            if bias is None:
                bias = has_bias
            elif has_bias != bias:
                raise ValueError(f"{what}: bias={has_bias}, but earlier Linear layers have bias={bias} (all or none)")
            weights.append(_exact_float64(layer.weight, f"{what} weight"))
            if has_bias:
                biases.append(_exact_float64(layer.bias, f"{what} bias"))
        else:
            kind = type(layer).__name__
            if isinstance(layer, torch.nn.Linear):
                raise ValueError(f"{what}: expected an activation between two Linear layers (nn.Identity() for none)")
            if kind not in _ACTIVATIONS or type(layer) is not getattr(torch.nn, kind):
                raise ValueError(f"{what} is not supported: gdcert certifies {_SUPPORTED}")
            if kind == "Softplus" and layer.beta != 1:
                raise ValueError(f"{what}: only beta=1 is supported, got beta={layer.beta}")
            if activation is None:
                activation = kind
            elif kind != activation:
                raise ValueError(f"{what}: the activation must be the same throughout (earlier: {activation})")
    if len(children) % 2 == 0:
        name, layer = children[-1]
        raise ValueError(f"{_layer_name(name, layer)}: the model must end with a Linear layer with 1 output")
    if layers[-1] != 1:
        name, layer = children[-1]
        raise ValueError(f"{_layer_name(name, layer)}: the last Linear layer must have 1 output, has {layers[-1]}")
    return {"layers": layers, "activation": _ACTIVATIONS[activation] if activation else "identity",
            "bias": bool(bias), "weights": weights, "biases": biases}


def _exact_float64(tensor, what):
    import torch

    t = tensor.detach()
    if t.is_complex() or not t.is_floating_point():
        raise ValueError(f"{what}: expected real floating-point weights, got {t.dtype}")
    # float16 / bfloat16 / float32 -> float64 is exact.
    return np.ascontiguousarray(t.to(device="cpu", dtype=torch.float64).numpy())


def _array(a, what):
    """float64 NumPy array from a tensor or array-like, exactly (refuses what would round)."""
    try:
        import torch
    except ImportError:  # NumPy input needs no torch
        torch = None
    if torch is not None and isinstance(a, torch.Tensor):
        t = a.detach()
        if t.is_complex():
            raise ValueError(f"{what}: complex values are not supported")
        if not t.is_floating_point():
            t = t.to("cpu")
            if t.numel() and t.abs().max().item() > 2**53:
                raise ValueError(f"{what}: integers beyond 2^53 would not convert to float64 exactly")
        arr = t.to(device="cpu", dtype=torch.float64).numpy()
    else:
        arr = np.asarray(a)
    if arr.dtype.kind in "iu":
        if arr.size and np.abs(arr.astype(object)).max() > 2**53:
            raise ValueError(f"{what}: integers beyond 2^53 would not convert to float64 exactly")
    elif arr.dtype.kind == "b":
        pass
    elif arr.dtype.kind != "f":
        raise ValueError(f"{what}: expected real numbers, got an array of dtype {arr.dtype}")
    elif arr.dtype.itemsize > 8:
        raise ValueError(f"{what}: {arr.dtype} does not convert to float64 exactly")
    arr = arr.astype(np.float64, copy=False)
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        raise ValueError(f"{what}: entry {tuple(int(i) for i in bad)} is NaN or infinite")
    return arr


def _options(radius, criterion, precision, budget, tol):
    if criterion is not None and criterion not in ("chatterjee", "plstar", "all"):
        raise ValueError(f"criterion: unknown criterion {criterion!r} (chatterjee, plstar, all)")
    if radius is not None and not (isinstance(radius, str) and radius.strip() == "auto"):
        radius = _number_text(radius, "radius")
    elif radius is not None:
        radius = "auto"
    return {"radius": radius, "criterion": criterion, "precision": precision, "budget": _budget_text(budget),
            "tol": None if tol is None else _number_text(tol, "tol")}


def check(model, X, y, radius="auto", criterion="chatterjee", parametrization="standard", precision=None,
          budget=None, tol=None):
    """Certify (or refute) that gradient descent from ``model``'s current weights reaches zero loss.

    model: a supported ``torch.nn.Sequential`` (see the module help); X: n x d, y: n (or n x 1),
    tensors or NumPy arrays; radius: a positive number or "auto"; criterion: "chatterjee",
    "plstar" or "all"; parametrization: "standard" (what the model computes) or "ntk";
    precision: MPFR bits (None: double intervals); budget: the radius search's time ("20s").

    Returns a :class:`gdcert.Report` with the fields of ``gdcert nn check --json``
    (verdict, radius, alpha, margin, gd, lambda_min_K, ...).
    """
    arch = describe(model)
    if parametrization not in ("standard", "ntk"):
        raise ValueError(f"parametrization: {parametrization!r} is not 'standard' or 'ntk'")
    Xa = _array(X, "X")
    ya = _array(y, "y")
    if Xa.ndim == 1 and arch["layers"][0] == 1:
        Xa = Xa.reshape(-1, 1)
    if Xa.ndim != 2:
        raise ValueError(f"X: expected a 2-D array (n x d), got shape {Xa.shape}")
    if Xa.shape[1] != arch["layers"][0]:
        raise ValueError(f"X: shape {Xa.shape}, but the model's first Linear layer takes {arch['layers'][0]} inputs")
    if not (ya.ndim == 1 or (ya.ndim == 2 and ya.shape[1] == 1)) or ya.shape[0] != Xa.shape[0]:
        raise ValueError(f"y: shape {ya.shape}, expected ({Xa.shape[0]},) to match X {Xa.shape}")
    dtypes = sorted({str(p.dtype).replace("torch.", "") for p in model.parameters()})
    origin = f"torch model {type(model).__name__} ({'/'.join(dtypes)} -> float64, exact)"
    d = _gdcert.nn_check(arch["layers"], arch["activation"], arch["bias"], parametrization, arch["weights"],
                         arch["biases"], Xa, ya.reshape(-1), _options(radius, criterion, precision, budget, tol),
                         "torch model", origin)
    return Report(d["json"], d["text"], d["exit_status"])


def check_file(path, radius=None, criterion=None, precision=None, budget=None, tol=None):
    """``gdcert nn check MODEL.json``: a model file (see examples/nn); radius and criterion
    default to the file's."""
    path = os.fspath(path)
    d = _gdcert.nn_check_file(path, _options(radius, criterion, precision, budget, tol))
    return Report(d["json"], d["text"], d["exit_status"])
