"""Shared fixtures: the real Torch7 files in ../shared/data/torch7/ (skipped when absent)."""
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA = REPO_ROOT.parent / "shared" / "data" / "torch7"
FACE_FILES = ["face-detector-elab-model.net", "face-detector-new-face.net", "face-detector-face.net",
              "face-detector-face.net.ascii"]


def data_file(name):
    """The path of a shared real Torch7 file, or skip the test saying why."""
    path = DATA / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the real Torch7 files live in ../shared/data/torch7/ beside the repository")
    return path


def all_data_files():
    """Every Torch7 file of the shared folder (an empty list when it is absent)."""
    if not DATA.is_dir():
        return []
    return sorted([DATA / n for n in FACE_FILES] + sorted((DATA / "torchfile-tests").glob("*.t7")))
