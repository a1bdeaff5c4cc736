"""MS-OVBA compression, data encryption and the compound-file container, checked against independent
readers: oletools' decompressor (what olevba uses) and olefile."""

from __future__ import annotations

import io
import struct
import warnings

import olefile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

with warnings.catch_warnings():  # oletools' pyparsing grammar warns about deprecated names on import
    warnings.simplefilter("ignore")
    from oletools.olevba import decompress_stream

from parxl.vba.cfb import NOSTREAM, name_key, write_compound_file
from parxl.vba.compression import (
    CHUNK_SIZE,
    CompressionError,
    compress,
    decompress,
    pack_copy_token,
    token_layout,
    unpack_copy_token,
)
from parxl.vba.project import decrypt, encrypt, project_key


def oletools_decompress(container: bytes) -> bytes:
    return bytes(decompress_stream(bytearray(container)))


def chunk_headers(container: bytes) -> list[int]:
    """The header of every chunk, walking the container as a reader does."""
    headers, pos = [], 1
    while pos < len(container):
        header = int.from_bytes(container[pos:pos + 2], "little")
        headers.append(header)
        pos += 2 + (header & 0x0FFF) + 1
    return headers


def expected_output(data: bytes, container: bytes) -> bytes:
    """What a spec reader returns: the data, plus the zero padding of a raw (incompressible) last chunk."""
    headers = chunk_headers(container)
    if headers and not headers[-1] & 0x8000 and len(data) % CHUNK_SIZE:
        return data + bytes(CHUNK_SIZE - len(data) % CHUNK_SIZE)
    return data


# Source-like text: VBA keywords, identifiers, indentation and CRLF, so copy tokens of every length occur.
vba_words = st.sampled_from(["Function ", "End Function\r\n", "Dim ", " As String", "    ", "If ", " Then\r\n",
                             "RunPython \"", "\"", "xlwings", "()", ", ", "'", "\r\n", "0", "1", "ChrW(7843)"])
vba_text = st.lists(vba_words, max_size=3000).map(lambda ws: "".join(ws).encode("ascii"))
runs = st.lists(st.tuples(st.binary(min_size=1, max_size=6), st.integers(1, 900)), max_size=12).map(
    lambda parts: b"".join(chunk * n for chunk, n in parts))
any_bytes = st.one_of(vba_text, runs, st.binary(max_size=9000))


@settings(max_examples=120, deadline=None)
@given(any_bytes)
def test_oletools_reads_back_what_we_compress(data: bytes) -> None:
    container = compress(data)
    assert oletools_decompress(container) == expected_output(data, container)
    assert decompress(container) == expected_output(data, container)


@settings(max_examples=60, deadline=None)
@given(st.one_of(vba_text, st.binary(max_size=6000)))
def test_literal_only_encoding_is_valid(data: bytes) -> None:
    container = compress(data, literal_only=True)
    assert oletools_decompress(container) == expected_output(data, container)


@settings(max_examples=80, deadline=None)
@given(vba_text)
def test_source_text_is_compressed_and_never_padded(data: bytes) -> None:
    """Real module source always compresses, so a reader gets it back byte for byte."""
    container = compress(data)
    assert all(h & 0x8000 for h in chunk_headers(container))
    assert oletools_decompress(container) == data
    if len(data) > 2000:
        assert len(container) < len(data)


def test_chunk_framing_follows_the_spec() -> None:
    data = b"Attribute VB_Name = \"M\"\r\n" * 400  # 10,000 bytes: three chunks
    container = compress(data)
    assert container[0] == 0x01
    headers = chunk_headers(container)
    assert len(headers) == 3
    for header in headers:
        assert (header >> 12) & 0b111 == 0b011  # chunk signature
        assert header & 0x8000  # compressed
    assert compress(b"") == b"\x01" and oletools_decompress(b"\x01") == b""


def test_incompressible_full_chunk_is_stored_raw() -> None:
    data = bytes((i * 197 + (i >> 8) * 31) % 256 for i in range(CHUNK_SIZE))
    container = compress(data, literal_only=True)
    assert chunk_headers(container) == [0x3FFF]  # raw: size field 4095, flag 0
    assert oletools_decompress(container) == data


@pytest.mark.parametrize(("difference", "bits"), [(1, 4), (16, 4), (17, 5), (32, 5), (33, 6), (2048, 11),
                                                  (2049, 12), (4096, 12)])
def test_copy_token_layout_from_the_spec(difference: int, bits: int) -> None:
    bit_count, max_length = token_layout(difference)
    assert bit_count == bits
    assert max_length == (0xFFFF >> bits) + 3


@given(st.integers(1, 4096).flatmap(lambda d: st.tuples(
    st.just(d), st.integers(1, d), st.integers(3, token_layout(d)[1]))))
def test_copy_tokens_round_trip(args: tuple[int, int, int]) -> None:
    difference, offset, length = args
    token = pack_copy_token(offset, length, difference)
    assert 0 <= token <= 0xFFFF
    assert unpack_copy_token(token, difference) == (offset, length)


def test_decompress_rejects_bad_containers() -> None:
    with pytest.raises(CompressionError):
        decompress(b"\x02abc")
    with pytest.raises(CompressionError):
        decompress(b"\x01\x00\x00")  # chunk signature bits are 000


# ------------------------------------------------------------------------------- data encryption

SPEC_ID = "{917DED54-440B-4FD1-A5C1-74ACF261E600}"  # MS-OVBA §3.1.6's PROJECT stream example


@pytest.mark.parametrize(("hex_text", "data"), [
    ("0705D8E3D8EDDBF1DBF1DBF1DBF1", bytes(4)),  # CMG: not protected
    ("0E0CD1ECDFF4E7F5E7F5E7", b"\x00"),  # DPB: no password
    ("1517CAF1D6F9D7F9D706", b"\xff"),  # GC: visible
])
def test_decrypt_the_spec_example(hex_text: str, data: bytes) -> None:
    key, plain = decrypt(hex_text)
    assert key == project_key(SPEC_ID)
    assert plain == data


@given(st.binary(min_size=1, max_size=40), st.integers(0, 255))
def test_encryption_round_trips(data: bytes, seed: int) -> None:
    key, plain = decrypt(encrypt(SPEC_ID, data, seed=seed))
    assert (key, plain) == (project_key(SPEC_ID), data)


# ----------------------------------------------------------------------------- compound file

stream_names = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_",
                       min_size=1, max_size=31)
stream_sizes = st.sampled_from([1, 63, 64, 65, 511, 512, 4095, 4096, 4097, 9000])


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(stream_names, stream_sizes, min_size=1, max_size=14), st.booleans())
def test_olefile_reads_every_stream_back(sizes: dict[str, int], nested: bool) -> None:
    streams = {}
    taken: set[str] = set()
    for i, (name, size) in enumerate(sizes.items()):
        if name.upper() in taken:
            continue
        taken.add(name.upper())
        path = f"VBA/{name}" if nested and i % 2 else name
        streams[path] = bytes((i + j) % 251 for j in range(size))
    data = write_compound_file(streams)
    ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)
    found = {"/".join(p) for p in ole.listdir()}
    assert found == set(streams)
    for path, content in streams.items():
        assert ole.openstream(path).read() == content
    check_red_black(ole)


def check_red_black(ole: olefile.OleFileIO) -> None:
    """Every storage's children form a search tree in CFB name order with valid red-black colours."""
    entries = ole.direntries

    def walk(sid: int) -> tuple[int, list[str]]:
        if sid == NOSTREAM:
            return 1, []
        e = entries[sid]
        left_black, left_names = walk(e.sid_left)
        right_black, right_names = walk(e.sid_right)
        assert left_black == right_black, "black height differs"
        if e.color == 0:  # red: both children black
            for child in (e.sid_left, e.sid_right):
                assert child == NOSTREAM or entries[child].color == 1
        return left_black + (e.color == 1), [*left_names, e.name, *right_names]

    for entry in entries:
        if entry is not None and entry.entry_type in (olefile.STGTY_ROOT, olefile.STGTY_STORAGE):
            if entry.sid_child != NOSTREAM:
                _, names = walk(entry.sid_child)
                assert names == sorted(names, key=name_key)
                assert entries[entry.sid_child].color == 1  # the root of each tree is black


def test_cfb_header_fields() -> None:
    data = write_compound_file({"PROJECT": b"x" * 10, "VBA/dir": b"y" * 5000})
    assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    minor, major, order, sector_shift, mini_shift = struct.unpack_from("<HHHHH", data, 24)
    assert (major, order, sector_shift, mini_shift) == (3, 0xFFFE, 9, 6)
    assert struct.unpack_from("<I", data, 56)[0] == 4096  # mini stream cutoff
    assert (len(data) - 512) % 512 == 0
    assert olefile.isOleFile(io.BytesIO(data))
