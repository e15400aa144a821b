"""`Logger`: a tab-separated log of training curves with PNG plots, Torch's optim.Logger."""
import numbers
import os
import sys
import time

import numpy as np

from ._config import logger as _log

# Torch's gnuplot styles -> matplotlib (marker, linestyle); any other string is a matplotlib format.
STYLES = {".": (".", "none"), "+": ("+", "none"), "-": ("", "-"), "+-": ("+", "-"), "~": ("", "-"), "|": (None, None)}


class Logger:
    """Log named values row by row to a text file, and plot them.

    Args:
        filename: the log file (its directory is created); None logs to stdout.
        timestamp: append "-YYYY_MM_DD_HH:MM:SS" to the file name, as Torch's.

    The first row holds the names, then one row per `add`, numbers as
    "%11.4e", tab-separated (Torch's format). Each row is written and flushed
    at once, so the file can be followed during training and survives a
    crash up to the last row. `path` is the file written (with the
    timestamp), `names` the columns and `symbols` the values per column.

    Differences from Torch: `plot` writes a PNG (`filename + ".png"`) with
    matplotlib instead of an EPS with gnuplot, and shows no window unless
    `display(True)` was called; matplotlib is imported only by `plot`.
    Methods are snake_case: set_names, set_logscale (setNames, setlogscale).
    """

    def __init__(self, filename=None, timestamp=False):
        if filename is not None:
            filename = os.fspath(filename)
            self.name = filename
            directory = os.path.dirname(filename)
            if directory:
                os.makedirs(directory, exist_ok=True)
            if timestamp:
                filename = filename + "-" + time.strftime("%Y_%m_%d_%X")
            self.file = open(filename, "w", encoding="utf-8")
            self.png_file = self.name + ".png"
        else:
            self.file = sys.stdout
            self.name = "stdout"
            self.png_file = None
            _log.warning("optim.Logger: no path provided, logging to stdout")
        self.path = filename
        self.empty = True
        self.names = []
        self.symbols = {}
        self.styles = {}
        self.default_style = "+"
        self.logscale = False
        self.show_plot = False

    def __repr__(self):
        return f"optim.Logger({self.name!r}, names={self.names})"

    def _write_row(self, cells):
        self.file.write("".join(f"{c}\t" for c in cells) + "\n")
        self.file.flush()

    def _start(self, names):
        if len(set(names)) != len(names) or not all(isinstance(n, str) for n in names):
            raise ValueError(f"optim.Logger: names must be distinct strings, got {names!r}")
        self.names = list(names)
        self.empty = False
        self.symbols = {n: [] for n in self.names}
        self.styles = {n: [self.default_style] for n in self.names}
        self._write_row(self.names)

    def set_names(self, names):
        """Name the columns (then `add` takes a list of values in this order); writes the header."""
        if not self.empty:
            raise ValueError(f"optim.Logger: {self.name} already has the columns {self.names}")
        self._start(list(names))
        return self

    def add(self, symbols):
        """Append a row: a dict {name: value}, or a list of values after `set_names`.

        Values are numbers or strings. The first dict names the columns when
        `set_names` was not called; later rows must have the same names.
        """
        if isinstance(symbols, dict):
            if self.empty:
                self._start(list(symbols))
            if set(symbols) != set(self.names):
                raise ValueError(f"optim.Logger: add got the names {sorted(symbols)}; "
                                 f"this log has the columns {self.names}")
            values = [symbols[n] for n in self.names]
        elif isinstance(symbols, (list, tuple)):
            if self.empty:
                raise ValueError("optim.Logger: add a list of values only after set_names; "
                                 "or add a dict {name: value}")
            if len(symbols) != len(self.names):
                raise ValueError(f"optim.Logger: add got {len(symbols)} values for the columns {self.names}")
            values = list(symbols)
        else:
            raise ValueError(f"optim.Logger: add takes a dict or a list, got {type(symbols).__name__}")
        cells = []
        for name, value in zip(self.names, values):
            if isinstance(value, str):
                cells.append(value)
            elif isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)):
                value = float(value)
                cells.append(f"{value:11.4e}")
            else:
                raise ValueError(f"optim.Logger: can only log numbers and strings; {name!r} is "
                                 f"{type(value).__name__}")
        self._write_row(cells)
        for name, value in zip(self.names, values):
            self.symbols[name].append(value)

    def style(self, symbols):
        """Plot styles: {name: style or list of styles} or a list in column order.

        Torch's gnuplot styles '.', '+', '-', '+-', '~' (drawn as a line) and
        '|' (bars); any other string is a matplotlib format such as 'r--'.
        """
        if isinstance(symbols, (list, tuple)):
            symbols = dict(zip(self.names, symbols))
        for name, style in symbols.items():
            if isinstance(style, str):
                style = [style]
            if not (isinstance(style, (list, tuple)) and style and all(isinstance(s, str) for s in style)):
                raise ValueError(f"optim.Logger: the style of {name!r} should be a string or a list of strings")
            self.styles[name] = list(style)
        return self

    def set_logscale(self, state):
        """A logarithmic y axis in `plot`."""
        self.logscale = bool(state)

    def display(self, state):
        """Also show the plot in a matplotlib window (off by default: plot only writes the PNG)."""
        self.show_plot = bool(state)

    def plot(self, *names, path=None):
        """Plot the columns `names` (all by default) with more than one value; returns the PNG's path.

        The PNG goes to `path`, by default the log's name + ".png".
        """
        path = self.png_file if path is None else os.fspath(path)
        if path is None and not self.show_plot:
            raise ValueError("optim.Logger: a log on stdout has no file name; pass plot(path=...)")
        for name in names:
            if name not in self.symbols:
                raise ValueError(f"optim.Logger: no column {name!r}; the columns are {self.names}")
        selected = [n for n in (names or self.names) if len(self.symbols[n]) > 1]
        for name in selected:
            if any(isinstance(v, str) for v in self.symbols[name]):
                raise ValueError(f"optim.Logger: cannot plot {name!r}: it holds strings")
        if not selected:
            return None
        if self.show_plot:
            import matplotlib.pyplot as plt
            fig = plt.figure()
        else:
            from matplotlib.figure import Figure
            fig = Figure()
        ax = fig.add_subplot()
        for name in selected:
            y = np.asarray(self.symbols[name], dtype=float)
            steps = np.arange(1, y.size + 1)
            for style in self.styles[name]:
                if style == "|":
                    ax.bar(steps, y, label=name)
                elif style in STYLES:
                    marker, linestyle = STYLES[style]
                    ax.plot(steps, y, marker=marker, linestyle=linestyle, label=name)
                else:
                    ax.plot(steps, y, style, label=name)
        if self.logscale:
            ax.set_yscale("log")
        ax.grid(True)
        ax.legend()
        ax.set_title(f"<Logger::{self.name}>")
        if path is not None:
            tmp = f"{path}.{os.getpid()}.tmp.png"
            fig.savefig(tmp)
            os.replace(tmp, path)  # never a half-written PNG under the final name
        if self.show_plot:
            import matplotlib.pyplot as plt
            plt.show(block=False)
        return path

    def close(self):
        """Close the log file (not stdout)."""
        if self.file is not sys.stdout and not self.file.closed:
            self.file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
