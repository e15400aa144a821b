"""docs/from-rnn-and-dpnn.md quotes the two ported examples: every Python line it shows is in them."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "from-rnn-and-dpnn.md").read_text()
EXAMPLES = {"rnn_language_model.py", "recurrent_visual_attention.py"}


def _source_lines():
    return {line.strip() for name in EXAMPLES for line in (ROOT / "examples" / name).read_text().splitlines()}


def test_every_python_line_of_the_walkthrough_is_in_an_example():
    blocks = re.findall(r"```python\n(.*?)```", DOC, re.S)
    assert len(blocks) >= 10
    source = _source_lines()
    quoted = [line.strip() for block in blocks for line in block.splitlines() if line.strip() not in ("", "...")]
    missing = [line for line in quoted if line not in source]
    assert not missing, f"lines of docs/from-rnn-and-dpnn.md not in the examples: {missing}"


def test_the_page_names_both_scripts_and_is_in_the_site_nav():
    for name in EXAMPLES:
        assert f"examples/{name}" in DOC
    assert "from-rnn-and-dpnn.md" in (ROOT / "mkdocs.yml").read_text()
