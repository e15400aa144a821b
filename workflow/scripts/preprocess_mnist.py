"""Snakemake glue for rule `preprocess_mnist`: four verified IDX files -> results/data/mnist.h5."""
import logging

from nnlib.data import ChecksumError, IDXError, preprocess_mnist

logging.basicConfig(filename=snakemake.log[0], filemode="w", level=logging.INFO,
                    format="%(asctime)s %(levelname)s %(message)s")
files = {role: snakemake.input[role] for role in snakemake.params.checksums}
try:
    sizes = preprocess_mnist(files, snakemake.params.checksums, snakemake.output[0],
                             split=snakemake.params.split, preprocess=snakemake.params.preprocess)
except (ChecksumError, IDXError, ValueError) as e:
    logging.error("%s", e)
    raise SystemExit(f"rule preprocess_mnist: {e}")
logging.info("wrote %s: %s", snakemake.output[0], sizes)
