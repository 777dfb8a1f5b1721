"""The evaluate stage: extraction scored against hand-made gold claims (`claimledger eval`)
and attribution against PolNeAR (`claimledger eval-polnear`).

- `gold`: the annotation files, loaded and checked.
- `scoring`: matching predicted claims to gold ones and scoring the pairs field by field.
- `run`: the pipeline run over the annotated articles (imported on its own: it loads spaCy).
- `polnear`, `polnear_report`, `polnear_run`: attribution scored on PolNeAR's annotated news
  (`claimledger eval-polnear`; `polnear_run` is imported on its own, like `run`).
"""

from claimledger.evaluate.gold import (
    GOLD_CLAIM_FIELDS,
    GoldArticle,
    GoldClaim,
    GoldError,
    is_valid_time,
    load_gold,
    load_gold_file,
)
from claimledger.evaluate.scoring import (
    FIELDS,
    FULL_FIELDS,
    ArticleScore,
    EvalReport,
    check_fields,
    gold_origin,
    match_claims,
    score,
)

__all__ = [
    "FIELDS",
    "FULL_FIELDS",
    "GOLD_CLAIM_FIELDS",
    "ArticleScore",
    "EvalReport",
    "GoldArticle",
    "GoldClaim",
    "GoldError",
    "check_fields",
    "gold_origin",
    "is_valid_time",
    "load_gold",
    "load_gold_file",
    "match_claims",
    "score",
]
