"""The ingest stage: inputs (files, folders, globs; text, Markdown, HTML, JSON records; WARC
archives, RSS/Atom feeds, URL lists fetched over HTTP; any of them gzip-compressed) read into
Documents.

Every input becomes a `Document` or a `Rejection` with its reason, so one bad file or record is
reported and the rest still read. Every reader is bounded: sizes are checked before anything is
held in memory, decompression stops at a size and ratio cap, and fetching refuses private
addresses unless told otherwise.

- `inputs`: paths to Documents, dispatching by suffix; front matter and JSON records.
- `compressed`, `feeds`, `urls`, `warc`, `text`: one module per container format or transport.
- `samples`: the bundled sample articles (`claimledger demo`, `claimledger bench`).
"""

from claimledger.ingest.compressed import open_bounded, read_bounded
from claimledger.ingest.feeds import is_feed, read_feed
from claimledger.ingest.inputs import (
    Limits,
    decode,
    document_from_text,
    expand_paths,
    find_inputs,
    read_inputs,
    read_path,
    split_front_matter,
)
from claimledger.ingest.samples import sample_paths, samples_dir
from claimledger.ingest.urls import Fetcher, FetchPolicy, read_url_list
from claimledger.ingest.warc import read_warc

__all__ = [
    "FetchPolicy",
    "Fetcher",
    "Limits",
    "decode",
    "document_from_text",
    "expand_paths",
    "find_inputs",
    "is_feed",
    "open_bounded",
    "read_bounded",
    "read_feed",
    "read_inputs",
    "read_path",
    "read_url_list",
    "read_warc",
    "sample_paths",
    "samples_dir",
    "split_front_matter",
]
