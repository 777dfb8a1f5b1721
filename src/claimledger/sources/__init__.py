"""Inputs that hold many documents or come from elsewhere: WARC archives, RSS/Atom feeds, URL
lists fetched over HTTP, and gzip-compressed files of any supported type.

Each reader yields a `Document` or a `Rejection` per record, so one bad record is reported with
its reason and the rest of the file is still read. Every reader is bounded: sizes are checked
before anything is held in memory, decompression stops at a size and ratio cap, and fetching
refuses private addresses unless told otherwise.
"""

from claimledger.sources.compressed import open_bounded, read_bounded
from claimledger.sources.feeds import is_feed, read_feed
from claimledger.sources.urls import Fetcher, FetchPolicy, read_url_list
from claimledger.sources.warc import read_warc

__all__ = [
    "FetchPolicy",
    "Fetcher",
    "is_feed",
    "open_bounded",
    "read_bounded",
    "read_feed",
    "read_url_list",
    "read_warc",
]
