# Thin entry so that `snakemake --cores 8` works from the project root; the workflow itself is
# workflow/Snakefile (the standard layout). Included as the main Snakefile would be, so its
# `rule all` stays the default target (an `include:` directive would not pass that on).
workflow.include("workflow/Snakefile", overwrite_default_target=True)
