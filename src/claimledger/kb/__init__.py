"""Knowledge bases shared by the stages: actors (who) and the gazetteer (where).

Both are built once per process from packaged data plus optional user files, and passed to
the functions that need them:

    kb = KnowledgeBase.load()            # or KnowledgeBase.load([Path("my_actors.yaml")])
    gazetteer = Gazetteer.load()         # or Gazetteer.load([Path("my_places.yaml")])
    kb.link("Pyongyang's")               # Actor(id="state:KP", name="North Korea", type="state")
    gazetteer.resolve("Kursk region")    # Place(name="Kursk Oblast", country="RU", ...)
"""

from claimledger.kb.actors import ACTOR_TYPES, ActorMention, ActorRecord, KnowledgeBase
from claimledger.kb.countries import Country, load_countries
from claimledger.kb.matching import DataFileError, fold, normalize
from claimledger.kb.places import Gazetteer, PlaceMention, PlaceRecord

__all__ = [
    "ACTOR_TYPES",
    "ActorMention",
    "ActorRecord",
    "Country",
    "DataFileError",
    "Gazetteer",
    "KnowledgeBase",
    "PlaceMention",
    "PlaceRecord",
    "fold",
    "load_countries",
    "normalize",
]
