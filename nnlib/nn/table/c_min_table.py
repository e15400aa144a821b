"""`CMinTable`: the element-wise minimum of a table of same-shaped arrays."""
import numpy as np

from ._extremum_table import ExtremumTable


class CMinTable(ExtremumTable):
    """output = minimum(input[0], input[1], ...); each element's gradient goes to the entry holding the minimum.

    On a tie the first entry wins, as in Torch7.

    Shape:
        input: a table of arrays of one shape.
        output: that shape.
    """

    _pick = np.argmin
