"""Snakemake glue for rule `preprocess_text`: a corpus -> results/data/<corpus>.h5 (plain-text files
through nnlib.data.preprocess_text; format billionwords, the benchmark's archive streamed, through
nnlib.data.preprocess_billionwords)."""
import logging

from nnlib.data import ChecksumError, TextError, preprocess_billionwords, preprocess_text

logging.basicConfig(filename=snakemake.log[0], filemode="w", level=logging.INFO,
                    format="%(asctime)s %(levelname)s %(message)s")
settings = dict(snakemake.params.settings)
name = f"corpus {snakemake.wildcards.corpus!r}"
try:
    if settings.pop("format", "text") == "billionwords":
        sizes = preprocess_billionwords(snakemake.input.archive, snakemake.output[0],
                                        checksum=settings["checksums"].get("archive"), subset=settings["subset"],
                                        min_count=settings["min_count"], max_vocab=settings["max_vocab"],
                                        eos=settings["eos"], unk=settings["unk"],
                                        sentence_start=settings["sentence_start"], name=name)
    else:
        files = {role: snakemake.input[role] for role in ("train", "valid", "test", "all")
                 if role in snakemake.input.keys()}
        sizes = preprocess_text(files, snakemake.output[0], name=name, **settings)
except (ChecksumError, TextError, ValueError) as e:
    logging.error("%s", e)
    raise SystemExit(f"rule preprocess_text: {e}")
logging.info("wrote %s: %s", snakemake.output[0], sizes)
