"""The output stage: the ledger as a report (Markdown or HTML, `claimledger report`) with its
timeline charts. Exports (JSONL, CSV, Parquet, ClaimReview, events) are in `claimledger.output.export`."""
