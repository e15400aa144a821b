"""Config keys, shared by every algorithm (nnlib/optim/_config.py): unknown keys are errors that
name the keys the algorithm knows and the key meant; verbose runs log through `logging`."""
import logging

import numpy as np
import pytest

from nnlib import optim
from nnlib.optim import _config


def _feval(x):
    return float(0.5 * x @ x), x.copy()


def _fista(feval, x, config):
    return optim.fista(lambda v, mode=None: (feval(v) if mode == "dx" else feval(v)[0]),
                       lambda v: 0.0, lambda v, lip: None, x, config)


def _lswolfe(feval, x, config):
    f, g = feval(x)
    return optim.lswolfe(feval, x, 1.0, -g, f, g, -float(g @ g), config)


# name: (call(feval, x, config), a valid config, its known keys' module)
ALGORITHMS = {
    "sgd": (optim.sgd, {}), "adam": (optim.adam, {}), "adagrad": (optim.adagrad, {}),
    "rmsprop": (optim.rmsprop, {}), "adadelta": (optim.adadelta, {}), "adamax": (optim.adamax, {}),
    "asgd": (optim.asgd, {}), "nag": (optim.nag, {}), "rprop": (optim.rprop, {}),
    "cg": (optim.cg, {"max_iter": 2}), "lbfgs": (optim.lbfgs, {"max_iter": 2}),
    "cmaes": (optim.cmaes, {"sigma": 0.5, "max_eval": 12}),
    "de": (optim.de, {"scale_factor": 0.5, "crossover_rate": 0.5, "max_fes": 10}),
    "fista": (_fista, {"max_iter": 2}), "lswolfe": (_lswolfe, {}),
}


def _spec(name):
    return getattr(__import__(f"nnlib.optim.{name}", fromlist=["SPEC"]), "SPEC")


@pytest.mark.parametrize("name", sorted(ALGORITHMS))
def test_valid_config_runs_twice_with_its_state_inside(name):
    call, config = ALGORITHMS[name]
    config = dict(config)
    for _ in range(2):  # the second call finds the algorithm's state keys in config
        call(_feval, np.array([1.0, -2.0, 0.5]), config)


@pytest.mark.parametrize("name", sorted(ALGORITHMS))
@pytest.mark.parametrize("key", ["lr", "learningRate", "weightDecay", "learning_rat", "nonsense"])
def test_unknown_key_names_the_known_keys(name, key):
    call, config = ALGORITHMS[name]
    spec = _spec(name)
    with pytest.raises(ValueError) as err:
        call(_feval, np.zeros(3), {**config, key: 0.1})
    message = str(err.value)
    assert message.startswith(f"optim.{name}: unknown config key {key!r}")
    assert message.endswith(f"optim.{name} knows {', '.join(sorted(spec))}")
    if key == "learningRate" and "learning_rate" in spec:
        assert "'learningRate' is Torch7's spelling; use 'learning_rate'" in message
    if key == "weightDecay" and "weight_decay" in spec:
        assert "'weightDecay' is Torch7's spelling; use 'weight_decay'" in message
    if key == "lr" and "learning_rate" in spec:
        assert "'lr' is PyTorch's name; use 'learning_rate'" in message
    if key == "learning_rat" and "learning_rate" in spec:
        assert "did you mean 'learning_rate'?" in message


@pytest.mark.parametrize("name, key, meant", [
    ("cg", "maxIter", "max_iter"), ("lbfgs", "nCorrection", "n_correction"), ("lbfgs", "lineSearch", "line_search"),
    ("rmsprop", "initialMean", "initial_mean"), ("de", "maxFEs", "max_fes"), ("de", "scaleFactor", "scale_factor"),
    ("fista", "L", "l"), ("fista", "maxiter", "max_iter"), ("fista", "doFistaUpdate", "do_fista_update"),
    ("cmaes", "maxEval", "max_eval"), ("sgd", "learningRates", "learning_rates"),
])
def test_torch7_keys_point_at_their_snake_case_name(name, key, meant):
    call, config = ALGORITHMS[name]
    with pytest.raises(ValueError, match=f"{key!r} is Torch7's spelling; use {meant!r}"):
        call(_feval, np.zeros(3), {**config, key: 1})


@pytest.mark.parametrize("name, key, meant", [
    ("adam", "betas", "'beta1' and 'beta2'"), ("rprop", "etas", "'etaminus' and 'etaplus'"),
    ("asgd", "lambd", "'lambda'"), ("adamax", "eps", "'epsilon'"), ("lbfgs", "history_size", "'n_correction'"),
])
def test_pytorch_names_point_at_ours(name, key, meant):
    call, config = ALGORITHMS[name]
    with pytest.raises(ValueError, match=f"{key!r} is PyTorch's name; use {meant}"):
        call(_feval, np.zeros(3), {**config, key: 1})


def test_adadelta_keeps_torch7s_eps_key():
    # Torch7's adadelta reads config.eps (not epsilon): `eps` is the key there.
    optim.adadelta(_feval, np.ones(2), {"eps": 1e-3})


def test_snake_case():
    assert _config._snake_case("learningRateDecay") == "learning_rate_decay"
    assert _config._snake_case("LRStep") == "lr_step"
    assert _config._snake_case("eta0") == "eta0"


def test_torch_tutorial_cg_logs_each_evaluation(caplog):
    # torch.ch "Five simple examples": optim.cg(JdJ, x, {verbose=true, maxIter=100}) on a quadratic.
    rng = np.random.default_rng(1234)
    n = 5
    a = rng.random((n, n))
    a = a @ a.T + 0.001 * np.eye(n)
    b = rng.random(n)

    def jdj(x):
        return float(0.5 * x @ a @ x - b @ x), a @ x - b

    x = np.zeros(n)
    with caplog.at_level(logging.INFO, logger="nnlib.optim"):
        _, fs, n_evals = optim.cg(jdj, x, {"verbose": True, "max_iter": 100})
    lines = [r.getMessage() for r in caplog.records if r.name == "nnlib.optim"]
    assert len(lines) == n_evals
    assert lines[0] == "optim.cg: after 1 evaluations f(x) = 0.000000"
    assert all(line.startswith(f"optim.cg: after {i} evaluations f(x) = ") for i, line in enumerate(lines, 1))
    xs = np.linalg.solve(a, b)
    assert fs[-1] == jdj(x)[0] == pytest.approx(jdj(xs)[0], rel=1e-9)
    with pytest.raises(ValueError, match="'maxIter' is Torch7's spelling; use 'max_iter'"):
        optim.cg(jdj, x, {"verbose": True, "maxIter": 100})


def test_quiet_by_default(caplog, quadratic):
    with caplog.at_level(logging.DEBUG, logger="nnlib.optim"):
        optim.cg(quadratic, np.zeros(3), {"max_iter": 5})
        optim.lbfgs(quadratic, np.zeros(3), {"max_iter": 5})
    assert not [r for r in caplog.records if r.name == "nnlib.optim"]


def test_lbfgs_verbose_logs_its_evaluations(caplog, quadratic):
    with caplog.at_level(logging.INFO, logger="nnlib.optim"):
        _, _, n_evals = optim.lbfgs(quadratic, np.zeros(3), {"max_iter": 4, "verbose": True})
    lines = [r.getMessage() for r in caplog.records if r.name == "nnlib.optim"]
    assert [line.split(" f(x)")[0] for line in lines] == [f"optim.lbfgs: after {i} evaluations"
                                                          for i in range(1, n_evals + 1)]


@pytest.mark.parametrize("name", ["sgd", "nag", "adam", "adamax", "adagrad", "adadelta", "rmsprop", "asgd", "rprop"])
def test_float32_stays_float32(name):
    call, config = ALGORITHMS[name]
    x, state = np.array([1.0, -2.0, 0.5], dtype=np.float32), {}
    for _ in range(3):
        call(_feval, x, dict(config, **({"momentum": 0.5} if name == "sgd" else {})), state)
    assert x.dtype == np.float32
    arrays = {k: v.dtype for k, v in state.items() if isinstance(v, np.ndarray)}
    assert arrays and all(d == np.float32 for d in arrays.values()), arrays
    assert np.all(np.abs(x) < [1.0, 2.0, 0.5])  # moved towards the minimum at 0
