# The study workflow. Rules live in workflow/rules/*.smk (one topic each); this file only loads
# and checks the config and names the default target. Run: snakemake --cores 8
from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


include: "workflow/rules/common.smk"


check_config(config, "workflow/schemas/config.schema.yaml")


include: "workflow/rules/data.smk"


rule all:
    """Default target: every final output the included rule files registered in TARGETS."""
    input:
        TARGETS,
    default_target: True
