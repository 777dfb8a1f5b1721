"""spaCy's rule lemmatizer on its word lists as sets, for TagRules (extract/nlp.py)."""

from __future__ import annotations

from typing import Any

from spacy.pipeline import Lemmatizer


class RuleLemmas:
    """The part of spaCy's rule lemmatizer (`Lemmatizer.rule_lemmatize`) that reads the word:
    its suffix rules, exceptions and index of known lemmas, for a POS that has them and a token
    that is not a base form (TagRules._form_rule settles the others). spaCy tests each candidate
    form against the index as a list (thousands of words per POS); here the index is a set, built
    on first use per POS. The same steps in the same order, so the same lemma
    (tests/test_tag_rules.py compares them token by token)."""

    def __init__(self, lemmatizer: Any) -> None:
        lookups = lemmatizer.lookups
        self._index_table = lookups.get_table("lemma_index", {})
        self._exc_table = lookups.get_table("lemma_exc", {})
        self._rules_table = lookups.get_table("lemma_rules", {})
        self._index: dict[str, frozenset[str]] = {}

    @classmethod
    def of(cls, lemmatizer: Any) -> RuleLemmas | None:
        """The rules of a lemmatizer in spaCy's rule mode with spaCy's own rule_lemmatize; None
        for any other (whose lemmas TagRules asks it for)."""
        if lemmatizer is None or getattr(lemmatizer, "mode", None) != "rule":
            return None
        if getattr(type(lemmatizer), "rule_lemmatize", None) is not Lemmatizer.rule_lemmatize:
            return None
        return cls(lemmatizer)

    def lemma(self, text: str, univ_pos: str) -> str:
        """The first of the forms `rule_lemmatize` returns for a token that is not a base form
        and whose POS (lower case) has lemma tables."""
        index = self._index.get(univ_pos)
        if index is None:
            index = self._index[univ_pos] = frozenset(self._index_table.get(univ_pos, {}))
        exceptions = self._exc_table.get(univ_pos, {})
        string = text.lower()
        forms: list[str] = []
        oov_forms: list[str] = []
        for old, new in self._rules_table.get(univ_pos, {}):
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    pass
                elif form in index:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        return (forms or oov_forms or [text])[0]
