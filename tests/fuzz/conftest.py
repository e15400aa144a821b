"""Fuzzing settings: derandomized (the same cases on every run, so CI is reproducible), no example
database written into the work tree, no per-example deadline (the machine is shared)."""
from hypothesis import HealthCheck, settings

FUZZ = settings(derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
