"""The exceptions of `nnlib.torch7`."""


class Torch7FormatError(ValueError):
    """A file that is not valid Torch7 serialization: names the file, the byte offset and the problem.

    Attributes:
        path: the file (or "<bytes>" for in-memory data).
        offset: the byte offset where the problem was found.
        where: the place inside the object tree being read (e.g. `modules[1].weight`), or "".
    """

    def __init__(self, path, offset, message, where=""):
        self.path, self.offset, self.where, self.reason = path, offset, where, message
        inside = f" (inside {where})" if where else ""
        super().__init__(f"{path}: byte {offset}: {message}{inside}")


class Torch7MappingError(ValueError):
    """A Torch7 object that cannot become an nnlib module: names the class and its path in the file."""

    def __init__(self, torch_class, where, message):
        self.torch_class, self.where, self.reason = torch_class, where, message
        super().__init__(f"{torch_class} at {where or '<root>'}: {message}")
