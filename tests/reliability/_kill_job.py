"""One tiny training run through the workflow's runners, for the kill-and-resume loop.

`python _kill_job.py KIND DATA OUT_DIR` trains KIND (mlp, cnn or lstm) on DATA into OUT_DIR with
a checkpoint every epoch, printing "ready" once its imports are done so a test can kill it at
random points of the training itself. A finished run leaves OUT_DIR/model.h5 and metrics.csv.
"""
import sys

import nnlib
from nnlib import models
from nnlib.experiment import run_classification, run_language_model

CLASSIFIER = {"max_epoch": 30, "batch_size": 5, "learning_rate": 0.1, "momentum": 0.5, "max_tries": 100}
LM = {"max_epoch": 30, "batch_size": 3, "rho": 4, "eval_size": 8, "learning_rate": 0.5, "lr_decay": "none",
      "train_epoch_size": -1, "max_tries": 100}


def main(kind, data, out):
    nnlib.manual_seed(5)
    print("ready", flush=True)
    if kind == "mlp":
        run_classification(models.mlp(36, (7,), 3), data, out, CLASSIFIER, flatten=True, progress=False)
    elif kind == "cnn":
        model = models.seed_cnn((1, 6, 6), channel_sizes=(3,), kernel_sizes=3, pool_sizes=2, pool_strides=2,
                                n_classes=3)
        run_classification(model, data, out, CLASSIFIER, progress=False)
    else:
        run_language_model(models.rnnlm(6, hidden_sizes=(5,), cell="lstm"), models.rnnlm_criterion(), data, out,
                           LM, progress=False)


if __name__ == "__main__":
    main(*sys.argv[1:4])
