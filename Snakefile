# The study workflow. Rules live in workflow/rules/*.smk (one topic each); this file only loads
# and checks the config and names the default target. Run: snakemake --cores 8
from snakemake.utils import min_version

min_version("9.0")


# The default config; `--configfile other.yaml` replaces it instead of being merged into it, so
# a smaller config (config/smoke.yaml) does not inherit the full study's datasets.
if not workflow.overwrite_configfiles:

    configfile: "config/config.yaml"


include: "workflow/rules/common.smk"


check_config(config, f"{workflow.basedir}/workflow/schemas/config.schema.yaml")


include: "workflow/rules/data.smk"
include: "workflow/rules/train.smk"
include: "workflow/rules/report.smk"


rule all:
    """Default target: every final output the included rule files registered in TARGETS."""
    input:
        TARGETS,
    default_target: True
