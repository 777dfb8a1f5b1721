"""The extract stage: an Article in, its claims out (see `extractor` for the walk)."""

from claimledger.extract.extractor import EXTRACTOR_VERSION, Extractor
from claimledger.extract.resources import Resources

__all__ = ["EXTRACTOR_VERSION", "Extractor", "Resources"]
