"""gdcert.nn: a torch model with data gives the same report as `gdcert nn check` on the same
weights written as NPY files; its own autograd kernel lies in the reported enclosure; unsupported
models and bad data raise ValueError naming the problem."""
import json
import os

import numpy as np
import pytest

import gdcert
import gdcert.nn
from conftest import assert_same_fields

torch = pytest.importorskip("torch")

# Fields that say where the numbers came from (file paths vs the torch model); everything else
# must agree.
ORIGIN = ("model", "weights_origin", "data_origin")


def lecun_model(d, m, seed, bias=False, act=None):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(d, m, bias=bias), act or torch.nn.Tanh(), torch.nn.Linear(m, 1, bias=bias))
    with torch.no_grad():
        for layer in (model[0], model[2]):
            layer.weight.normal_(0, 1 / layer.in_features ** 0.5)  # LeCun: variance 1 / fan_in
            if bias:
                layer.bias.normal_(0, 0.1)
    return model


def data(n, d, seed):
    g = np.random.default_rng(seed)
    X = g.normal(size=(n, d))
    y = g.uniform(-0.5, 0.5, size=n)
    return X, y


def write_model_file(tmp_path, model, X, y, radius, criterion, bias):
    linears = [l for l in model if isinstance(l, torch.nn.Linear)]
    names = []
    for i, layer in enumerate(linears, 1):
        np.save(tmp_path / f"W{i}.npy", layer.weight.detach().double().numpy())
        names.append(f"W{i}.npy")
        if bias:
            np.save(tmp_path / f"b{i}.npy", layer.bias.detach().double().numpy())
    np.save(tmp_path / "X.npy", X)
    np.save(tmp_path / "y.npy", y)
    spec = {"layers": [linears[0].in_features] + [l.out_features for l in linears], "activation": "tanh",
            "bias": bias, "parametrization": "standard", "data": {"inputs": "X.npy", "targets": "y.npy"},
            "weights": names, "radius": radius, "criterion": criterion}
    if bias:
        spec["biases"] = [f"b{i}.npy" for i in range(1, len(linears) + 1)]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(spec))
    return str(path)


# Width 1024 certifies (n = 3, d = 3, LeCun seed 1); a budget this large keeps everything that
# depends on timing (sample counts, the choice of radius search) the same in both runs.
CERTIFIED = dict(d=3, m=1024, seed=1, budget="300s")


@pytest.fixture(scope="module")
def certified_case():
    model = lecun_model(CERTIFIED["d"], CERTIFIED["m"], seed=CERTIFIED["seed"])
    X, y = data(3, CERTIFIED["d"], seed=2)
    return model, X, y, gdcert.nn.check(model, X, y, budget=CERTIFIED["budget"])


@pytest.mark.parametrize("width,bias,criterion", [(64, False, "chatterjee"), (64, True, "all"), (1024, False, "chatterjee")])
def test_torch_model_equals_npy_files(tmp_path, cli, certified_case, width, bias, criterion):
    if width == CERTIFIED["m"]:
        model, X, y, r = certified_case
    else:
        model = lecun_model(3, width, seed=1, bias=bias)
        X, y = data(3, 3, seed=2)
        r = gdcert.nn.check(model, torch.from_numpy(X), torch.from_numpy(y), criterion=criterion, budget="300s")
    path = write_model_file(tmp_path, model, X, y, "auto", criterion, bias)
    status, j = cli("nn", "check", path, "--budget", "300s")
    assert_same_fields(r.to_dict(), j, skip=ORIGIN)
    assert r.certified == (status == 0)
    assert r.verdict == j["verdict"]
    if width != CERTIFIED["m"]:
        # NumPy arrays (y as n x 1) give the same report, and so does the model file itself.
        r2 = gdcert.nn.check(model, X, y.reshape(-1, 1), criterion=criterion, budget="300s")
        assert_same_fields(r2.to_dict(), j, skip=ORIGIN)
        r3 = gdcert.nn.check_file(path, budget="300s")
        assert_same_fields(r3.to_dict(), j)


def test_a_certified_torch_model(tmp_path, certified_case):
    model, X, y, r = certified_case
    assert r.certified, r.text
    assert r.verdict == "certified" and r.gd["step"] > 0 and 0 < r.gd["delta"] < 1
    assert r.radius > 0 and r.margin > 0 and r.gd["iterations"] > 0
    assert "certified" in repr(r)
    with pytest.raises(ValueError, match="gdcert.check"):
        r.write_cert(tmp_path / "c.json")


def test_autograd_kernel_lies_in_the_enclosure():
    model = lecun_model(3, 64, seed=1, bias=True)
    X, y = data(3, 3, seed=2)
    r = gdcert.nn.check(model, X, y, radius="0.01")
    lam = r.lambda_min_K
    assert lam["proved"] and lam["lower"] is not None
    m64 = lecun_model(3, 64, seed=1, bias=True).double()
    m64.load_state_dict({k: v.double() for k, v in model.state_dict().items()})
    params = [p for p in m64.parameters()]
    rows = []
    for x in torch.from_numpy(X):
        out = m64(x.unsqueeze(0)).squeeze()
        grads = torch.autograd.grad(out, params)
        rows.append(torch.cat([g.reshape(-1) for g in grads]))
    J = torch.stack(rows)
    assert J.shape == (3, r.p)
    K = J @ J.T
    lam_torch = torch.linalg.eigvalsh(K)[0].item()
    assert lam["lower"] <= lam_torch <= lam["upper"], (lam, lam_torch)
    # S(w0) as torch computes it lies in gdcert's enclosure too.
    with torch.no_grad():
        S = torch.mean((torch.from_numpy(y) - m64(torch.from_numpy(X)).squeeze(1)) ** 2).item()
    assert r.loss["S"][0] <= S <= r.loss["S"][1] or abs(S - r.loss["S"][0]) < 1e-15 * S


@pytest.mark.parametrize("layers,match", [
    (lambda: [torch.nn.Linear(3, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1)], r"layer 1 \(ReLU\) is not supported"),
    (lambda: [torch.nn.Conv1d(3, 8, 1), torch.nn.Tanh(), torch.nn.Linear(8, 1)], r"layer 0 \(Conv1d\) is not supported"),
    (lambda: [torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Dropout(0.1), torch.nn.Linear(8, 1)],
     r"layer 2 \(Dropout\) is not supported"),
    (lambda: [torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(8, 8), torch.nn.Sigmoid(), torch.nn.Linear(8, 1)],
     r"layer 3 \(Sigmoid\): the activation must be the same"),
    (lambda: [torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(8, 2)], r"last Linear layer must have 1 output"),
    (lambda: [torch.nn.Linear(3, 8), torch.nn.Tanh()], r"must end with a Linear layer"),
    (lambda: [torch.nn.Linear(3, 8), torch.nn.Linear(8, 1)], r"layer 1 \(Linear\): expected an activation between"),
    (lambda: [torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(7, 1)], r"in_features 7 does not match"),
    (lambda: [torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1, bias=False)], r"bias=False, but earlier"),
    (lambda: [torch.nn.Linear(3, 8), torch.nn.Softplus(beta=2), torch.nn.Linear(8, 1)], r"only beta=1"),
    (lambda: [], r"empty"),
])
def test_unsupported_models_raise(layers, match):
    model = torch.nn.Sequential(*layers())
    X, y = data(3, 3, seed=2)
    with pytest.raises(ValueError, match=match):
        gdcert.nn.check(model, X, y)


def test_supported_activations_run():
    X, y = data(3, 2, seed=2)
    for act in (torch.nn.Sigmoid(), torch.nn.Softplus(), torch.nn.SiLU(), torch.nn.Identity()):
        model = lecun_model(2, 8, seed=3, act=act)
        r = gdcert.nn.check(model, X, y, radius="0.01", budget="2s")
        assert r.activation == {"Sigmoid": "sigmoid", "Softplus": "softplus", "SiLU": "silu",
                                "Identity": "identity"}[type(act).__name__]
    with pytest.raises(ValueError, match="torch.nn.Sequential"):
        gdcert.nn.check(torch.nn.Linear(2, 1), X, y)


def test_bad_data_raises():
    model = lecun_model(3, 8, seed=1)
    X, y = data(4, 3, seed=2)
    with pytest.raises(ValueError, match=r"X: shape \(4, 2\), but the model's first Linear layer takes 3 inputs"):
        gdcert.nn.check(model, X[:, :2], y)
    with pytest.raises(ValueError, match=r"y: shape \(3,\), expected \(4,\)"):
        gdcert.nn.check(model, X, y[:3])
    with pytest.raises(ValueError, match=r"X: expected a 2-D array"):
        gdcert.nn.check(model, X[None], y)
    Xn = X.copy()
    Xn[1, 2] = np.nan
    with pytest.raises(ValueError, match=r"X: entry \(1, 2\) is NaN or infinite"):
        gdcert.nn.check(model, Xn, y)
    yn = y.copy()
    yn[3] = np.inf
    with pytest.raises(ValueError, match=r"y: entry \(3,\) is NaN or infinite"):
        gdcert.nn.check(model, X, torch.from_numpy(yn))
    with pytest.raises(ValueError, match="dtype"):
        gdcert.nn.check(model, X.astype(str), y)
    bad = lecun_model(3, 8, seed=1)
    with torch.no_grad():
        bad[2].weight[0, 5] = float("nan")
    with pytest.raises(ValueError, match=r"W2: entry 5 is NaN or infinite"):
        gdcert.nn.check(bad, X, y)
    with pytest.raises(ValueError, match="parametrization"):
        gdcert.nn.check(model, X, y, parametrization="mup")
    with pytest.raises(ValueError, match="criterion"):
        gdcert.nn.check(model, X, y, criterion="proxy-pl")
    with pytest.raises(ValueError, match="radius"):
        gdcert.nn.check(model, X, y, radius="-1")
    with pytest.raises(ValueError):
        gdcert.nn.check_file(os.path.join(os.path.dirname(__file__), "no_such_model.json"))
