import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_reports_every_interval(capsys):
    m = nn.Profile(nn.Linear(3, 2), 2)
    x = np.ones((4, 3), np.float32)
    m.forward(x)
    assert m.num_fwds == 1 and m.summed_fwd_time > 0 and capsys.readouterr().out == ""
    m.forward(x)
    assert m.num_fwds == 0 and "nn.Linear took " in capsys.readouterr().out  # Torch7 reports torch.type(module)
    m.backward(x, np.ones((4, 2), np.float32))
    m.backward(x, np.ones((4, 2), np.float32))
    assert "for 2 backward passes" in capsys.readouterr().out


def test_gradients_pass_through():
    check_module_gradients(nn.Profile(nn.Linear(3, 2), name="lin").astype(np.float64),
                           np.random.default_rng(0).standard_normal((2, 3)))
