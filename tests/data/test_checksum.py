import hashlib

import pytest

from nnlib.data.checksum import ChecksumError, file_digest, parse_checksum, verify_file

MD5 = hashlib.md5(b"hello\n").hexdigest()
SHA = hashlib.sha256(b"hello\n").hexdigest()


def test_parse_checksum_prefixed_bare_and_case():
    assert parse_checksum(f"md5:{MD5}") == ("md5", MD5)
    assert parse_checksum(f"sha256:{SHA.upper()}") == ("sha256", SHA)
    assert parse_checksum(MD5) == ("md5", MD5)
    assert parse_checksum(SHA) == ("sha256", SHA)


@pytest.mark.parametrize("spec", ["md5:abc", f"sha1:{MD5}", f"sha256:{MD5}", "zz" * 16, 42])
def test_parse_checksum_rejects_malformed(spec):
    with pytest.raises(ValueError, match="checksum"):
        parse_checksum(spec)


def test_file_digest_matches_hashlib(tmp_path):
    p = tmp_path / "f.txt"
    p.write_bytes(b"hello\n")
    assert file_digest(p, "md5") == MD5
    assert file_digest(p, "sha256") == SHA


def test_verify_file_accepts_match_and_rejects_mismatch_naming_the_file(tmp_path):
    p = tmp_path / "f.txt"
    p.write_bytes(b"hello\n")
    assert verify_file(p, f"md5:{MD5}") == f"md5:{MD5}"
    p.write_bytes(b"hellO\n")
    with pytest.raises(ChecksumError, match=r"f\.txt: md5 is .*delete it"):
        verify_file(p, f"md5:{MD5}")
