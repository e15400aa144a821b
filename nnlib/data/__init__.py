"""Data: verified downloads, IDX/text readers, dp preprocessing, HDF5 datasets. No Snakemake needed."""
from .billionwords import preprocess_billionwords
from .checksum import ChecksumError, file_digest, parse_checksum, verify_file
from .download import DownloadError, download
from .hdf5 import atomic_h5
from .idx import IDXError, read_idx, read_mnist_images, read_mnist_labels, write_idx
from .mnist import load_mnist, preprocess_mnist, split_mnist
from .preprocess import GCN, ZCA, LeCunLCN, Standardize, apply_pipeline
from .text import TextError, build_vocab, load_corpus, preprocess_text, read_text, tokenize, vocab_from_counts
