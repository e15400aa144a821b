"""dp-style experiments: samplers, propagators, feedback, observers, LR schedules, checkpoints.

    from nnlib import experiment as ex
    train = ex.Optimizer(ex.ShuffleSampler(32), nn.ClassNLLCriterion(), ex.Confusion(),
                         transform=ex.image_transform(flatten=True), lr=0.1,
                         schedule=ex.LinearDecay(0.1, 1e-5, 300), momentum=0.9, max_out_norm=1)
    valid = ex.Evaluator(ex.Sampler(32), nn.ClassNLLCriterion(), ex.Confusion(), transform=...)
    xp = ex.Experiment(model, train, valid, valid_copy, observers=[
             ex.EarlyStopper("valid_accuracy", maximize=True, patience=30),
             ex.MetricsLogger("metrics.csv")], random_seed=7, max_epoch=100)
    xp.run((x_train, y_train), (x_valid, y_valid), (x_test, y_test), checkpoint="checkpoint.h5")

The metrics.csv columns are documented in `nnlib/experiment/experiment.py`.
"""
from .checkpoint import (ResumeRefused, arithmetic_context, latest_checkpoint, load_checkpoint, load_model_state,
                         model_state, save_checkpoint)
from .experiment import Experiment
from .feedback import Confusion, Perplexity
from .generation import sample_text
from .observers import AdaptiveDecay, EarlyStopper, MetricsLogger, Observer, write_csv_atomic
from .propagators import Evaluator, NonFiniteError, Optimizer, Propagator, image_transform
from .run import (LM_DEFAULTS, SEQ10_DEFAULTS, TRAIN_DEFAULTS, predict, run_classification, run_language_model, run_seq10,
                  seq10_batches, write_predictions)
from .samplers import Batch, Sampler, ShuffleSampler, TextSampler, take
from .schedules import AdaptiveSchedule, LinearDecay, NoDecay, StepSchedule, make_schedule
