"""Learning-rate decay between epochs, as in dp's example scripts (`--lrDecay`).

Before every epoch but the first, the Optimizer asks its schedule for
`next_lr(lr, finished_epoch)`, where `finished_epoch` is the epoch just done
(dp's `epoch_callback` with `report.epoch > 0`). Every schedule floors the
result at `min_lr`, as dp does for all kinds. Schedules hold no state of their
own (the current rate lives in the Optimizer, the adaptive decay factor in its
observer), so a checkpoint of those restores them.
"""


class NoDecay:
    """`none`: the rate stays put (still floored at min_lr)."""

    def __init__(self, min_lr=0.0):
        self.min_lr = float(min_lr)

    def next_lr(self, lr, finished_epoch):
        return max(self.min_lr, lr)


class LinearDecay:
    """`linear`: lr += (min_lr - lr0) / saturate_epoch after each epoch, floored at min_lr.

    The rate reaches min_lr after `saturate_epoch` epochs and stays there.
    """

    def __init__(self, lr0, min_lr=1e-5, saturate_epoch=300):
        if saturate_epoch <= 0:
            raise ValueError(f"LinearDecay: saturate_epoch must be positive, got {saturate_epoch!r}")
        self.min_lr = float(min_lr)
        self.step = (self.min_lr - float(lr0)) / saturate_epoch

    def next_lr(self, lr, finished_epoch):
        return max(self.min_lr, lr + self.step)


class StepSchedule:
    """`schedule`: {epoch: lr}; after epoch e the rate becomes schedule[e] when e is a key.

    Keys may be strings (from YAML or JSON); they are read as ints.
    """

    def __init__(self, schedule, min_lr=0.0):
        try:
            self.schedule = {int(k): float(v) for k, v in dict(schedule).items()}
        except (TypeError, ValueError) as err:
            raise ValueError(f"StepSchedule: schedule must map epochs to rates, e.g. {{10: 0.01}}; "
                             f"got {schedule!r}") from err
        self.min_lr = float(min_lr)

    def next_lr(self, lr, finished_epoch):
        return max(self.min_lr, self.schedule.get(finished_epoch, lr))


class AdaptiveSchedule:
    """`adaptive`: lr *= decay.decay, then the decay factor is reset to 1 (dp's AdaptiveDecay use).

    `decay` is the AdaptiveDecay observer that watches the validation error.
    """

    def __init__(self, decay, min_lr=0.0):
        self.decay = decay
        self.min_lr = float(min_lr)

    def next_lr(self, lr, finished_epoch):
        lr = lr * self.decay.decay
        self.decay.decay = 1.0
        return max(self.min_lr, lr)


def make_schedule(kind, lr, min_lr=1e-5, saturate_epoch=300, schedule=None, adaptive=None):
    """The schedule named by dp's `--lrDecay` option: linear, adaptive, schedule or none.

    `adaptive` is the AdaptiveDecay observer (required for kind="adaptive"),
    `schedule` the {epoch: lr} table (for kind="schedule").
    """
    if kind == "linear":
        return LinearDecay(lr, min_lr, saturate_epoch)
    if kind == "schedule":
        if schedule is None:
            raise ValueError("make_schedule: kind 'schedule' needs schedule={epoch: lr}")
        return StepSchedule(schedule, min_lr)
    if kind == "adaptive":
        if adaptive is None:
            raise ValueError("make_schedule: kind 'adaptive' needs adaptive=<an AdaptiveDecay observer>")
        return AdaptiveSchedule(adaptive, min_lr)
    if kind == "none":
        return NoDecay(min_lr)
    raise ValueError(f"make_schedule: unknown learning-rate decay {kind!r}; choose linear, adaptive, schedule or none")
