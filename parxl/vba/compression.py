"""MS-OVBA §2.4.1: the LZ77-style compression of VBA module source and of the ``dir`` stream.

A compressed container is a signature byte (0x01) followed by chunks. Each chunk holds at most 4096
decompressed bytes behind a 2-byte header: bits 0-11 are the chunk's size in bytes minus 3, bits 12-14
are the signature 0b011, bit 15 says whether the data is compressed (token sequences) or raw (exactly
4096 bytes). A token sequence is a flag byte and up to 8 tokens; flag bit i (least significant first)
is 0 for a literal byte and 1 for a 2-byte little-endian copy token (offset back, length). How many of
a copy token's 16 bits hold the offset depends on how far into the chunk the token is (§2.4.1.3.19.1).
"""

from __future__ import annotations

CHUNK_SIZE = 4096
SIGNATURE = 0x01
_MIN_MATCH = 3
_CHAIN = 24  # candidate positions tried per byte: enough for source code, bounded for speed


class CompressionError(ValueError):
    """A container that does not follow §2.4.1."""


def token_layout(difference: int) -> tuple[int, int]:
    """(bit_count, maximum_length) for a copy token written ``difference`` bytes into its chunk.

    ``bit_count`` is the number of offset bits: the smallest n with 2**n >= difference, at least 4.
    """
    bit_count = max((difference - 1).bit_length(), 4)
    return bit_count, (0xFFFF >> bit_count) + _MIN_MATCH


def pack_copy_token(offset: int, length: int, difference: int) -> int:
    bit_count, max_length = token_layout(difference)
    if not (1 <= offset <= difference and _MIN_MATCH <= length <= max_length):
        raise ValueError(f"copy token out of range: offset {offset}, length {length}, at {difference}")
    return ((offset - 1) << (16 - bit_count)) | (length - _MIN_MATCH)


def unpack_copy_token(token: int, difference: int) -> tuple[int, int]:
    bit_count, _ = token_layout(difference)
    length_mask = 0xFFFF >> bit_count
    return (token >> (16 - bit_count)) + 1, (token & length_mask) + _MIN_MATCH


def compress(data: bytes, *, literal_only: bool = False) -> bytes:
    """Compress ``data`` into a §2.4.1 container.

    ``literal_only`` writes no copy tokens (valid, only larger); it exists to test the container
    framing on its own.
    """
    out = bytearray([SIGNATURE])
    for start in range(0, len(data), CHUNK_SIZE):
        out += _compress_chunk(data, start, min(start + CHUNK_SIZE, len(data)), literal_only)
    return bytes(out)


def _compress_chunk(data: bytes, start: int, end: int, literal_only: bool) -> bytes:
    body = bytearray()
    recent: dict[bytes, list[int]] = {}  # 3-byte prefix -> positions in this chunk, oldest first
    pos = start
    while pos < end:
        flag_at = len(body)
        body.append(0)
        flags = 0
        for bit in range(8):
            if pos >= end:
                break
            offset, length = (0, 0) if literal_only else _longest_match(data, start, pos, end, recent)
            if length >= _MIN_MATCH:
                body += pack_copy_token(offset, length, pos - start).to_bytes(2, "little")
                flags |= 1 << bit
                advance = length
            else:
                body.append(data[pos])
                advance = 1
            if not literal_only:
                for p in range(pos, pos + advance):
                    if p + _MIN_MATCH <= end:
                        recent.setdefault(data[p:p + _MIN_MATCH], []).append(p)
            pos += advance
        body[flag_at] = flags
    if len(body) > CHUNK_SIZE:
        # Incompressible: a raw chunk is always 4096 bytes; the spec pads a short last chunk with zeros.
        raw = data[start:end].ljust(CHUNK_SIZE, b"\x00")
        return (0x3000 | (CHUNK_SIZE + 2 - 3)).to_bytes(2, "little") + raw
    header = 0x8000 | 0x3000 | (len(body) + 2 - 3)
    return header.to_bytes(2, "little") + bytes(body)


def _longest_match(data: bytes, start: int, pos: int, end: int, recent: dict[bytes, list[int]]) -> tuple[int, int]:
    if pos == start or pos + _MIN_MATCH > end:
        return 0, 0
    candidates = recent.get(data[pos:pos + _MIN_MATCH])
    if not candidates:
        return 0, 0
    _, max_length = token_layout(pos - start)
    limit = min(max_length, end - pos)
    best_offset = best_length = 0
    for cand in reversed(candidates[-_CHAIN:]):
        length = _MIN_MATCH
        # Overlapping copies (offset < length) are fine: the decoder copies byte by byte.
        while length < limit and data[cand + length] == data[pos + length]:
            length += 1
        if length > best_length:
            best_offset, best_length = pos - cand, length
            if length == limit:
                break
    return best_offset, best_length


def decompress(container: bytes) -> bytes:
    """Decompress a §2.4.1 container (used to read back what ``compress`` wrote)."""
    if not container or container[0] != SIGNATURE:
        raise CompressionError("missing the 0x01 signature byte")
    out = bytearray()
    pos = 1
    while pos < len(container):
        if pos + 2 > len(container):
            raise CompressionError(f"truncated chunk header at {pos}")
        header = int.from_bytes(container[pos:pos + 2], "little")
        if (header >> 12) & 0b111 != 0b011:
            raise CompressionError(f"bad chunk signature at {pos}")
        chunk_end = min(pos + (header & 0x0FFF) + 3, len(container))
        pos += 2
        if not header & 0x8000:
            out += container[pos:pos + CHUNK_SIZE]
            pos += CHUNK_SIZE
            continue
        chunk_start = len(out)
        while pos < chunk_end:
            flags = container[pos]
            pos += 1
            for bit in range(8):
                if pos >= chunk_end:
                    break
                if not flags & (1 << bit):
                    out.append(container[pos])
                    pos += 1
                    continue
                token = int.from_bytes(container[pos:pos + 2], "little")
                pos += 2
                offset, length = unpack_copy_token(token, len(out) - chunk_start)
                source = len(out) - offset
                if source < chunk_start:
                    raise CompressionError(f"copy token reaches before its chunk at {pos - 2}")
                for i in range(length):
                    out.append(out[source + i])
    return bytes(out)
