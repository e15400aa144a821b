"""`python -m nnlib.torch7 convert model.t7 OUT_DIR`: a Torch7 model as PyTorch code and safetensors weights."""
import argparse
import logging
import sys

from .convert import ConversionError, convert
from .errors import Torch7FormatError, Torch7MappingError


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m nnlib.torch7", description="Tools for Torch7's own files.")
    commands = parser.add_subparsers(dest="command", required=True)
    conv = commands.add_parser(
        "convert", help="convert a Torch7 model to PyTorch (model.py + model.safetensors)",
        description="Write OUT_DIR/model.safetensors (the weights under PyTorch's key names) and OUT_DIR/model.py "
                    "(the equivalent torch.nn module; `from model import load_model`). Exits with status 2, writing "
                    "nothing, when a module has no PyTorch twin, unless --allow-partial.")
    conv.add_argument("model", help="the Torch7 file (.t7, .net; binary or ascii)")
    conv.add_argument("out_dir", metavar="OUT_DIR", help="the folder to write (created if needed)")
    conv.add_argument("--allow-partial", action="store_true",
                      help="write the conversion even with unsupported modules (placeholders that raise)")
    conv.add_argument("--key", help="the field holding the model when the file holds a table (a checkpoint)")
    conv.add_argument("-q", "--quiet", action="store_true", help="no progress lines, only errors")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s")
    try:
        report = convert(args.model, args.out_dir, args.allow_partial, args.key)
    except (ConversionError, Torch7FormatError, Torch7MappingError, OSError) as e:
        parser.exit(2, f"{parser.prog} convert: error: {e}\n")
    return 1 if report.unsupported else 0


if __name__ == "__main__":
    sys.exit(main())
