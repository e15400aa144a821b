"""The library reports through `logging`, never `print` (a job's log and a user's handlers see it)."""
import ast
from pathlib import Path

import nnlib

# Modules whose documented job is printing to stdout, as their Torch7 originals (nn.PrintSize,
# nn.Profile): debugging aids a user puts into a model to see output on the terminal.
PRINTING_MODULES = {"nn/debug/print_size.py", "nn/debug/profile.py"}


def _print_calls(path):
    tree = ast.parse(path.read_text(), str(path))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"]


def test_the_library_logs_and_never_prints():
    root = Path(nnlib.__file__).parent
    files = sorted(root.rglob("*.py"))
    assert len(files) > 50
    calls = {str(p.relative_to(root)): lines for p in files if (lines := _print_calls(p))}
    assert set(calls) - PRINTING_MODULES == set(), calls
    assert set(calls) <= PRINTING_MODULES  # the exceptions still exist and still print: keep the list honest
