"""Files: the ``.bpnet`` project file (versioned JSON); exports live in their own modules.

Nothing here imports NumPy or Qt, so opening and saving documents stays cheap.
"""

from bpstudio.formats.bpnet import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_FILE_BYTES,
    SUFFIX,
    BpnetError,
    ProjectInfo,
    dumps,
    from_document,
    load,
    loads,
    save,
    to_document,
)

__all__ = [
    "FORMAT_NAME", "FORMAT_VERSION", "MAX_FILE_BYTES", "SUFFIX", "BpnetError", "ProjectInfo",
    "dumps", "from_document", "load", "loads", "save", "to_document",
]
