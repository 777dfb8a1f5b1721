"""The Russian and Ukrainian extractor (`SlavicExtractor`): the same Claims as the English one,
from rules over razdel's segmentation and pymorphy3's lemmas, with the words in
data/extraction_ru.yaml and data/extraction_uk.yaml.

  tokens     sentences and words with their lemmas; phrase matching
  lexicon    the words of a language, loaded and extended from the data files
  numbers    figures: digits, number words, multipliers, bounds and approximations
  times      dates and periods, resolved against the publication date
  sources    who a sentence credits
  extractor  the walk over the sentences
"""

from claimledger.extract.slavic.extractor import EXTRACTOR_VERSION, SlavicExtractor

__all__ = ["EXTRACTOR_VERSION", "SlavicExtractor"]
