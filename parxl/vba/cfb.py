"""A minimal MS-CFB (compound file, "OLE2") writer: version 3, 512-byte sectors, one pass, no DIFAT.

olefile only reads compound files, and ms-ovba 0.0.1's container code comes with the compressor the
issue found broken; a vbaProject.bin is small and simple (two storages, a dozen streams), so writing
the container here keeps every byte under test and the output deterministic.

Layout: header, then the mini stream's sectors, the large streams, the mini FAT, the directory, and the
FAT last (its size depends on everything before it). Streams under 4096 bytes live in the mini stream
(64-byte mini sectors), as §2.6.3 requires.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
ENTRIES_PER_FAT = SECTOR // 4
HEADER_DIFAT = 109

FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF

_STORAGE, _STREAM, _ROOT = 1, 2, 5
_RED, _BLACK = 0, 1


class CfbError(ValueError):
    """Streams that cannot be laid out in this minimal writer."""


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    sid: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = _BLACK
    start: int = ENDOFCHAIN
    size: int = 0


def name_key(name: str) -> tuple[int, str]:
    """CFB sibling order (§2.6.4): shorter names first, then code points compared in upper case."""
    return len(name), name.upper()


def write_compound_file(streams: dict[str, bytes]) -> bytes:
    """A compound file holding ``streams`` ("PROJECT", "VBA/dir", …); storages come from the paths."""
    root = _tree(streams)
    entries = _number(root)
    mini, mini_fat = _place_mini(entries)
    layout = _Layout()
    mini_start = layout.chain(len(mini) // SECTOR)
    # The root entry describes the mini stream: its first sector and its size in whole mini sectors.
    root.start, root.size = (mini_start, len(mini_fat) * MINI_SECTOR) if mini_fat else (ENDOFCHAIN, 0)
    big = []
    for e in entries:
        if e.kind == _STREAM and len(e.data) >= MINI_CUTOFF:
            e.start, e.size = layout.chain(_sectors(len(e.data))), len(e.data)
            big.append(e)
    mini_fat_bytes = _pad(b"".join(struct.pack("<I", x) for x in mini_fat), SECTOR, b"\xff") if mini_fat else b""
    mini_fat_start = layout.chain(len(mini_fat_bytes) // SECTOR) if mini_fat else ENDOFCHAIN
    directory = _directory(entries)
    dir_start = layout.chain(len(directory) // SECTOR)
    fat_sectors = layout.add_fat()
    if len(fat_sectors) > HEADER_DIFAT:
        raise CfbError("file too large for a header-only DIFAT")

    body = bytearray(mini)
    for e in big:
        body += _pad(e.data, SECTOR)
    body += mini_fat_bytes + directory
    fat = layout.fat + [FREESECT] * (-len(layout.fat) % ENTRIES_PER_FAT)
    body += b"".join(struct.pack("<I", x) for x in fat)
    header = _header(len(fat_sectors), dir_start, mini_fat_start, len(mini_fat_bytes) // SECTOR, fat_sectors)
    return header + bytes(body)


def _tree(streams: dict[str, bytes]) -> _Entry:
    root = _Entry("Root Entry", _ROOT)
    for path, data in streams.items():
        parts = path.split("/")
        node = root
        for part in parts[:-1]:
            found = next((c for c in node.children if c.name == part and c.kind == _STORAGE), None)
            if found is None:
                found = _Entry(part, _STORAGE)
                node.children.append(found)
            node = found
        if len(parts[-1]) > 31 or any(c.name.upper() == parts[-1].upper() for c in node.children):
            raise CfbError(f"bad or duplicate stream name: {path!r}")
        node.children.append(_Entry(parts[-1], _STREAM, data))
    return root


def _number(root: _Entry) -> list[_Entry]:
    """Give every entry its directory index and link each storage's children as a red-black tree."""
    entries = [root]
    pending = [root]
    while pending:
        node = pending.pop(0)
        ordered = sorted(node.children, key=lambda c: name_key(c.name))
        for child in ordered:
            child.sid = len(entries)
            entries.append(child)
        node.child = _balanced(ordered)
        pending.extend(c for c in ordered if c.kind == _STORAGE)
    return entries


def _balanced(ordered: list[_Entry]) -> int:
    """Root index of a size-balanced search tree over ``ordered``, coloured as a valid red-black tree.

    Splitting at the middle fills every level but the last; colouring the last level red (unless it is
    full) gives every path from the root the same number of black nodes.
    """
    if not ordered:
        return NOSTREAM
    full_depth = len(ordered).bit_length() - 1  # depth of the last level
    perfect = len(ordered) == (1 << (full_depth + 1)) - 1

    def build(lo: int, hi: int, depth: int) -> int:
        if lo > hi:
            return NOSTREAM
        mid = (lo + hi) // 2
        node = ordered[mid]
        node.left = build(lo, mid - 1, depth + 1)
        node.right = build(mid + 1, hi, depth + 1)
        node.color = _RED if depth == full_depth and not perfect else _BLACK
        return node.sid

    return build(0, len(ordered) - 1, 0)


def _place_mini(entries: list[_Entry]) -> tuple[bytes, list[int]]:
    mini = bytearray()
    fat: list[int] = []
    for e in entries:
        if e.kind != _STREAM or len(e.data) >= MINI_CUTOFF:
            continue
        if not e.data:
            e.start, e.size = ENDOFCHAIN, 0
            continue
        first = len(mini) // MINI_SECTOR
        count = -(-len(e.data) // MINI_SECTOR)
        fat += [first + i + 1 for i in range(count - 1)] + [ENDOFCHAIN]
        mini += _pad(e.data, MINI_SECTOR)
        e.start, e.size = first, len(e.data)
    return bytes(_pad(bytes(mini), SECTOR)), fat


class _Layout:
    """Hands out consecutive sectors and records their FAT chains."""

    def __init__(self) -> None:
        self.fat: list[int] = []

    def chain(self, count: int) -> int:
        if count == 0:
            return ENDOFCHAIN
        first = len(self.fat)
        self.fat += [first + i + 1 for i in range(count - 1)] + [ENDOFCHAIN]
        return first

    def add_fat(self) -> list[int]:
        count = 0
        while count * ENTRIES_PER_FAT < len(self.fat) + count:
            count += 1
        first = len(self.fat)
        self.fat += [FATSECT] * count
        return list(range(first, first + count))


def _directory(entries: list[_Entry]) -> bytes:
    out = bytearray()
    for e in entries:
        name = e.name.encode("utf-16-le")
        out += struct.pack(
            "<64sHBBIII16sI8s8sIQ",
            name, len(name) + 2, e.kind, e.color, e.left, e.right, e.child,
            b"\x00" * 16, 0, b"\x00" * 8, b"\x00" * 8,
            e.start if e.kind != _STORAGE else 0, e.size,
        )
    empty = struct.pack("<64sHBBIII16sI8s8sIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM,
                        b"\x00" * 16, 0, b"\x00" * 8, b"\x00" * 8, 0, 0)
    while len(out) % SECTOR:
        out += empty
    return bytes(out)


def _header(fat_count: int, dir_start: int, mini_fat_start: int, mini_fat_count: int, fat_sectors: list[int]) -> bytes:
    difat = fat_sectors + [FREESECT] * (HEADER_DIFAT - len(fat_sectors))
    head = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("D0CF11E0A1B11AE1"), b"\x00" * 16, 0x003E, 0x0003, 0xFFFE, 9, 6, b"\x00" * 6,
        0, fat_count, dir_start, 0, MINI_CUTOFF, mini_fat_start, mini_fat_count, ENDOFCHAIN, 0,
    )
    return head + struct.pack(f"<{HEADER_DIFAT}I", *difat)


def _sectors(size: int) -> int:
    return -(-size // SECTOR)


def _pad(data: bytes, unit: int, fill: bytes = b"\x00") -> bytes:
    return data + fill * (-len(data) % unit)
