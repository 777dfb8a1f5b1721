"""claimledger: a ledger of claims from conflict reporting.

Who says what, about whom, where, when, and how sure: claims are extracted from articles with
their source and exact span of text, stored, and reconciled across reports.
"""

__version__ = "0.1.0"
