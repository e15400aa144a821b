"""Snakemake glue for rule `preprocess_text`: a corpus -> results/data/<corpus>.h5."""
import logging

from nnlib.data import ChecksumError, TextError, preprocess_text

logging.basicConfig(filename=snakemake.log[0], filemode="w", level=logging.INFO,
                    format="%(asctime)s %(levelname)s %(message)s")
settings = dict(snakemake.params.settings)
files = {role: snakemake.input[role] for role in ("train", "valid", "test", "all") if role in snakemake.input.keys()}
try:
    sizes = preprocess_text(files, snakemake.output[0], name=f"corpus {snakemake.wildcards.corpus!r}",
                            **settings)
except (ChecksumError, TextError, ValueError) as e:
    logging.error("%s", e)
    raise SystemExit(f"rule preprocess_text: {e}")
logging.info("wrote %s: %s", snakemake.output[0], sizes)
