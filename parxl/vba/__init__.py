"""Write a VBA project (vbaProject.bin) from module source text, with no Office and no Windows.

- ``compression``: MS-OVBA §2.4.1 compression of module and ``dir`` streams.
- ``cfb``: a minimal compound-file (MS-CFB) writer for the streams.
- ``project``: the project streams themselves (PROJECT, PROJECTwm, VBA/dir, VBA/_VBA_PROJECT, modules).

The project carries source only (no compiled p-code, ``_VBA_PROJECT`` version 0xFFFF), which is the
interoperable form the spec asks writers to produce; Office compiles the source when it loads it.
"""

from parxl.vba.project import ModuleKind, VbaModule, build_vba_project, stored_source

__all__ = ["ModuleKind", "VbaModule", "build_vba_project", "stored_source"]
