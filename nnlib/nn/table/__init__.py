"""Modules on tables (Python lists of arrays)."""
from .c_add_table import CAddTable
from .c_add_tensor_table import CAddTensorTable
from .c_div_table import CDivTable
from .c_max_table import CMaxTable
from .c_min_table import CMinTable
from .c_mul_table import CMulTable
from .c_sub_table import CSubTable
from .cosine_distance import CosineDistance
from .criterion_table import CriterionTable
from .dot_product import DotProduct
from .flatten_table import FlattenTable
from .join_table import JoinTable
from .mixture_table import MixtureTable
from .narrow_table import NarrowTable
from .pairwise_distance import PairwiseDistance
from .select_table import SelectTable
from .split_table import SplitTable
from .zip_table import ZipTable
from .zip_table_one_to_many import ZipTableOneToMany

__all__ = ["CAddTable", "CAddTensorTable", "CDivTable", "CMaxTable", "CMinTable", "CMulTable", "CSubTable",
           "CosineDistance", "CriterionTable", "DotProduct", "FlattenTable", "JoinTable", "MixtureTable",
           "NarrowTable", "PairwiseDistance", "SelectTable", "SplitTable", "ZipTable", "ZipTableOneToMany"]
