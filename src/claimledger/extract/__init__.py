"""The extract stage: an Article in, its claims out.

  analysers   the analysis components (sentences, numbers, parse, places, issuer, times,
              attribution, modality), registered with what they need and assign, and the
              Analyser that checks those needs against the loaded spaCy pipeline and runs them
              into one frozen `claimledger.extract.analysis.ArticleAnalysis`;
  extractor   the walk over the analysed sentences: the `Context` handed from one sentence to
              the next, and the named steps that turn a sentence into claims;
  context     the immutable values the walk carries (Carry, Context);
  gate        which sentences may carry a claim (datelines and live-blog stamps cut off);
  claims      what a number counts and which kind a cue gives it;
  kinds       refinements of that kind (reinforcements, parts of a whole), a raw confidence;
  calibration a figure's evidence, and the fitted model that makes it the claim's confidence;
  actors      who acts, the implied unit, the subject phrase;
  credit      who a figure is credited to, resolved against what came before;
  places      which place a sentence's figures are about;
  times       when they hold;
  statements  hedges, estimates and the statement claim;
  attribution, voice, repeats, conflicts, lexicon, nlp, sentences, resources: the rules and
              data those read, and the resources loaded once per process.
The word classes the rules test are in data/extraction.yaml (read through ExtractionLexicon, so a
user's lexicon extends them); only the articles and prepositions that glue a pattern together
("of them", "since the start of the year") stay in the patterns.
"""

from claimledger.extract.extractor import EXTRACTOR_VERSION, Extractor
from claimledger.extract.resources import Resources

__all__ = ["EXTRACTOR_VERSION", "Extractor", "Resources"]
