"""Format adapters: a file in, a RawDocument (text plus metadata hints) out.

Loaders know file formats and nothing about Chinese reports or databases.
"""

from edureports.loaders.base import LoadError, RawDocument, read_document

__all__ = ["LoadError", "RawDocument", "read_document"]
