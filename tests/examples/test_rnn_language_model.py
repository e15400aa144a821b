"""examples/rnn_language_model.py: rnn's recurrent-language-model.lua on a slice of tiny-shakespeare."""
import importlib.util
import logging
import math
from pathlib import Path

import numpy as np
import pytest

import nnlib

ROOT = Path(__file__).resolve().parents[2]
TINY = ["--hiddensize", "24", "--vocabsize", "150", "--seqlen", "5", "--batchsize", "8", "--trainsize", "150",
        "--validsize", "150", "--silent"]


def _example():
    spec = importlib.util.spec_from_file_location("rnn_language_model", ROOT / "examples" / "rnn_language_model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lstm_perplexity_falls_epoch_after_epoch(caplog):
    example = _example()
    with caplog.at_level(logging.INFO, logger="rnn_language_model"):
        history = example.main(["--lstm", "--maxepoch", "3", "--startlr", "0.5", "--cutoff", "5"] + TINY)
    assert [h["epoch"] for h in history] == [1, 2, 3]
    train, valid = [h["train_ppl"] for h in history], [h["valid_ppl"] for h in history]
    assert train[0] < 150  # the first epoch already beats a uniform guess over the 150 words
    assert train[2] < train[1] < train[0] and valid[2] < valid[1] < valid[0], history
    # the linear decay of the original: startlr + epoch * (minlr - startlr) / saturate
    assert history[0]["lr"] == pytest.approx(0.5 + (1e-5 - 0.5) / 400)
    messages = [r.getMessage() for r in caplog.records]
    assert sum(m.startswith("Training PPL : ") for m in messages) == 3
    assert sum(m.startswith("Validation PPL : ") for m in messages) == 3


@pytest.mark.parametrize("cell", [[], ["--gru"], ["--mfru"], ["--lstm", "--peepholes"], ["--lstm", "--adam"]])
def test_every_cell_and_optimizer_trains_two_layers(cell):
    history = _example().main(cell + ["--maxepoch", "1", "--dropout", "0.2", "--startlr", "0.1"] + TINY[:1] +
                              ["24,16"] + TINY[2:])
    assert math.isfinite(history[0]["train_ppl"]) and math.isfinite(history[0]["valid_ppl"])


def test_the_model_is_the_originals_and_saved_at_each_new_minimum(tmp_path):
    example = _example()
    opt = example.parser().parse_args(["--lstm", "--hiddensize", "{6,5}", "--dropout", "0.5"])
    opt.inputsize = 7
    lm = example.build_lm(11, opt)
    printed = repr(lm)
    assert printed.index("LookupTable") < printed.index("Dropout") < printed.index("Sequencer")
    assert printed.count("FastLSTM") == 2 and "nn.LSTM" not in printed
    assert lm.forward(np.zeros((4, 3), dtype=np.int64)).shape == (4, 3, 11)
    opt = example.parser().parse_args(["--gru", "--hiddensize", "6", "--dropout", "0.5"])
    opt.inputsize = 6
    gru = example.build_lm(11, opt)  # the original: GRU(..., p = dropout / 2), no Dropout after the LookupTable
    assert [type(m).__name__ for m in gru.modules] == ["LookupTable", "Sequencer"]
    assert gru.modules[1].module.modules[0].p == 0.25

    example.main(["--lstm", "--maxepoch", "1", "--savepath", str(tmp_path), "--id", "run"] + TINY)
    saved = nnlib.load(tmp_path / "run.h5")
    assert saved.forward(np.zeros((2, 1), dtype=np.int64)).shape == (2, 1, 150)


def test_options_parse_as_the_originals_lua_tables():
    example = _example()
    assert example.int_list("{200,200}") == example.int_list("200, 200") == [200, 200]
    assert example.schedule("{[5]=0.5,[6]=0.25}") == example.schedule("5=0.5,6=0.25") == {5: 0.5, 6: 0.25}
    opt = example.parser().parse_args(["--schedule", "2=0.01"])
    assert opt.schedule == {2: 0.01} and opt.startlr == 0.05 and opt.seqlen == 5 and opt.hiddensize == [200]
    with pytest.raises(SystemExit):
        example.parser().parse_args(["--schedule", "five=0.5"])
    with pytest.raises(SystemExit, match="--lstm"):
        example.main(["--peepholes"])
