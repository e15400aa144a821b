"""nn.StochasticGradient, the trainer object (Torch7 saves its settings, module and criterion)."""
from ... import nn
from ._base import Entry, register


@register
class StochasticGradient(Entry):
    """Its `hookExample`/`hookIteration` Lua functions cannot run here: a file holding one raises."""
    torch_name, module = "nn.StochasticGradient", nn.StochasticGradient
    settings_names = {"learning_rate": "learningRate", "learning_rate_decay": "learningRateDecay",
                      "max_iteration": "maxIteration", "shuffle_indices": "shuffleIndices", "verbose": "verbose"}

    def build(self, f):
        for hook in ("hookExample", "hookIteration"):
            if f.get(hook) is not None:
                raise f.error(f"field '{hook}' is a Lua function, which nnlib cannot run")
        trainer = nn.StochasticGradient(f.child("module"), f.ctx.value(f.get("criterion"), f"{f.where}.criterion"))
        for attr, key in self.settings_names.items():
            default = getattr(trainer, attr)
            setattr(trainer, attr, f.bool(key, default) if isinstance(default, bool) else f.float(key, default))
        trainer.max_iteration = int(trainer.max_iteration)
        return trainer

    def fields(self, module, ctx):
        if module.hook_example is not None or module.hook_iteration is not None:
            raise TypeError("torch7.save: a StochasticGradient's hooks are Python functions, which Torch7 cannot run")
        return {"module": module.module, "criterion": module.criterion,
                **{key: getattr(module, attr) for attr, key in self.settings_names.items()}}
