"""The hand-over between SequencerCriterion and Sequencer that fuses a language model's output layer.

A Sequencer whose Sequential ends in Linear -> LogSoftMax computes the
log-probabilities in place over the logits. When a SequencerCriterion of an
unweighted ClassNLLCriterion then returns its gradient for exactly that
output, it `offer`s the labels and each row's gradient value (ClassNLL's
gradient is -row_scale[i] at the label, 0 elsewhere); the Sequencer's backward
`claim`s them when it is handed that very gradient array and goes straight
to the logits' gradient, row_scale * (softmax - onehot), in one pass without
reading the one-hot array. The offered gradient is made read-only, so what
the Sequencer is handed is what the criterion computed. One offer is held
(the latest), by weak references: nothing is kept alive by it.
"""
import weakref

_offer = None


def offer(grad, log_probs, target, row_scale):
    """Record that `grad` is ClassNLL's gradient at `log_probs` for `target` rows scaled by `row_scale`."""
    global _offer
    grad.flags.writeable = False
    _offer = (weakref.ref(grad), weakref.ref(log_probs), target, row_scale)


def claim(grad, log_probs):
    """(target, row_scale) when `grad` is the offered gradient of the array `log_probs`, else None."""
    if _offer is None:
        return None
    grad_ref, log_probs_ref, target, row_scale = _offer
    if grad_ref() is grad and log_probs_ref() is log_probs:
        return target, row_scale
    return None
