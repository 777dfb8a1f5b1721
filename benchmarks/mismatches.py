"""List every field on which the extractor disagrees with a gold set, with its sentence.

    python benchmarks/mismatches.py GOLD_DIR CORPUS_DIR [FIELD,FIELD,...]

One block per mismatch: article, field, the number, gold and predicted values, then the quote.
Group the output by cause before fixing anything: a fix must be a rule about how reporting is
written, never about one article.
"""

from __future__ import annotations

import sys
from pathlib import Path

from claimledger.evaluate import FIELDS, GoldClaim, check_fields, load_gold, match_claims
from claimledger.evaluate.run import extract_file
from claimledger.model import Claim
from claimledger.orchestrate import Pipeline
from claimledger.settings import Settings


def _gold_value(claim: GoldClaim, field: str) -> object:
    return {
        "kind": claim.kind, "bound": (claim.value, claim.value_low, claim.value_high),
        "source": claim.attributed_to, "time": claim.time, "place": claim.location,
        "approx": claim.approx, "hedged": claim.hedged,
    }[field]


def _predicted_value(claim: Claim, field: str) -> object:
    return {
        "kind": claim.kind, "bound": (claim.value, claim.value_low, claim.value_high),
        "source": claim.attributed_to, "time": claim.time,
        "place": claim.location.text if claim.location else None,
        "approx": claim.approx, "hedged": claim.hedged,
    }[field]


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    gold_dir, corpus_dir = Path(argv[0]), Path(argv[1])
    fields = argv[2].split(",") if len(argv) == 3 else list(FIELDS)
    settings = Settings()
    pipeline = Pipeline(settings)
    for article in load_gold(gold_dir):
        predicted = extract_file(corpus_dir / article.name, pipeline, settings)
        for gold, claim in match_claims(article.claims, predicted):
            checks = check_fields(gold, claim, article.published)
            for field in fields:
                if not checks[field]:
                    number = gold.value if gold.value is not None else (gold.value_low, gold.value_high)
                    print(f"{article.name}\t{field}\t{number}\tgold={_gold_value(gold, field)!r}\t"
                          f"predicted={_predicted_value(claim, field)!r}\n    {gold.quote}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
