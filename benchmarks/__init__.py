"""Speed comparisons of nnlib against PyTorch CPU (not part of the tests)."""
