"""Snakemake glue for rule `download`: fetch resources/<dataset>/<filename> from the configured mirrors.

Verified files are kept in resources/.cache/<algorithm>/<digest>, which no rule declares as an
output, and the rule's output is a hard link to them: `snakemake --forcerun download` deletes
the output, and the rerun links the verified bytes back without needing any mirror."""
import logging
from pathlib import Path

from nnlib.data import ChecksumError, DownloadError, download

logging.basicConfig(filename=snakemake.log[0], filemode="w", level=logging.INFO,
                    format="%(asctime)s %(levelname)s %(message)s")
dataset, filename = snakemake.wildcards.dataset, snakemake.wildcards.filename
section = snakemake.config["mnist"] if dataset == "mnist" else snakemake.config["corpora"][dataset]
key = "mnist.mirrors" if dataset == "mnist" else f"corpora.{dataset}.mirrors"
options = snakemake.config["download"]
try:
    download(filename, section.get("mirrors", []), snakemake.params.checksum, Path(snakemake.output[0]).parent,
             timeout=options["timeout"], retries=options["retries"], backoff=options["backoff"],
             min_speed=options.get("min_speed", 1024), deadline=options.get("deadline", 3600),
             cache_dir=Path("resources", ".cache"), mirrors_key=key)
except (DownloadError, ChecksumError) as e:
    logging.error("%s", e)
    raise SystemExit(f"rule download: {e}")
