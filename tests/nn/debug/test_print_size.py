import numpy as np

from nnlib import nn


def test_prints_shapes_and_passes_through(capsys):
    m = nn.PrintSize("enc")
    x = np.zeros((2, 3), np.float32)
    assert m.forward(x) is x
    assert capsys.readouterr().out == "enc:input\n\t(2, 3)\n"
    g = [np.zeros(4), np.zeros((1, 2))]
    assert m.backward(x, g) is g
    assert capsys.readouterr().out == "enc:gradOutput\n\t[(4,), (1, 2)]\n"
