"""What stands around a number: qualifiers, currency, percent, and the contexts that make it a
duration, a date, a label, an age, a year or a pronoun rather than a quantity."""

from __future__ import annotations

import re

from claimledger.analyse.numbers.lexicon import NumberLexicon
from claimledger.analyse.numbers.parts import _Context, _Core, _Item
from claimledger.analyse.numbers.patterns import _HYPHEN, _SEP, _SP, _after, _alt, _before
from claimledger.analyse.numbers.scan import _Scanner

_URLISH = re.compile(r"://|www\.|@|\.[A-Za-z]{2,6}/|\?\w+=", re.IGNORECASE)
_OPENING_PUNCTUATION = "\"'“‘([{"
_LINK_DELIMITERS = frozenset(" \t\n\r<>\"'()[]{}")
_CHUNK = re.compile(r"[^\s<>\"'()\[\]{}]*")
_PREV_WORD = re.compile(r"([A-Za-z][A-Za-z'’]*)[^\w\n]{0,3}\Z")
_NEXT_WORD = re.compile(r"[ \t\u00a0]*([A-Za-z][A-Za-z'’-]*)")
_AGE_APPOSITION_BEFORE = re.compile(r"(?<![\w])[A-Z][\w'’-]*,[ \t]*\Z")
_FIRST_DIGITS = re.compile(r"[0-9]+")
_HYPHENS = "-\u2010\u2011"
_IDENTIFIER_DIGITS = 10
# A lower-case word in -s after "one" (not -ss, -us, -is): a verb, as "one" takes no plural noun.
_VERB_IN_S = re.compile(r"[ \t\u00a0]+([a-z]+(?<![su]s)(?<!is)(?<=s))\b")
# A capitalised word, maybe with "of", "and" or "the" after it, just before a number word.
_NAME_BEFORE = re.compile(r"(?<![\w'’])[A-Z][\w'’&-]*[ \t\u00a0]+(?:(?:of|and|the)[ \t\u00a0]+)?\Z")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_HYPHENATED_WORD = re.compile(r"[-\u2010\u2011][a-z]")


class _Contexts(_Scanner):
    """The patterns read around a number, and the checks that keep or drop it."""

    def __init__(self, lexicon: NumberLexicon) -> None:
        super().__init__(lexicon)
        self._compile_qualifiers(lexicon)
        self._compile_exclusions(lexicon)

    def _compile_qualifiers(self, lex: NumberLexicon) -> None:
        """Qualifiers, currency, percent and range words: read before the number (patterns
        ending in `\\Z`, searched in a short window) or after it (`match` at its end)."""
        i = re.IGNORECASE
        self._qualifier_kind = {
            " ".join(q.split()): kind for kind, words in lex.qualifiers.items() for q in words
        }
        self._qualifier_before = re.compile(rf"{_before(self._qualifier_kind, 'q')}\Z", i)
        self._qualifier_ends = frozenset(q.split()[-1] for q in self._qualifier_kind)
        self._currency_ends = frozenset(c[-1:].lower() for c in lex.currency_prefixes) | frozenset(
            c[-1:].upper() for c in lex.currency_prefixes
        )
        currency = _before(lex.currency_prefixes, "c", spaced=False)
        self._currency_before = re.compile(rf"{currency}[ \u00a0]?\Z", i)
        currency = _alt(lex.currency_prefixes)
        self._currency_after = re.compile(
            rf"[ \u00a0]+(?P<c>{_alt(lex.currency_suffixes)})(?![\w])", i
        )
        self._opener_before = re.compile(
            rf"(?<![\w])(?P<op>{_alt(lex.range_openers)})\s+(?:(?:{currency})[ \u00a0]?)?\Z", i
        )
        self._change_before = re.compile(
            rf"(?<![\w])(?:{_alt(lex.change_verbs)})(?:\s+[\w'’-]+){{0,3}}?\s+\Z", i
        )
        # "rose by about 45 to 1,200": the change, then the new figure
        self._change_by = re.compile(
            rf"(?<![\w])(?:{_alt(lex.change_verbs)})\s+by(?:\s+[\w'’-]+){{0,2}}?\s+\Z", i
        )
        connectors = [c for c in lex.range_connectors if c]
        word_conn = _alt(c for c in connectors if c[0].isalpha())
        dash_conn = "".join(re.escape(c) for c in connectors if not c[0].isalpha()) or "-"
        pct = _alt(lex.percent)
        self._connector = re.compile(
            rf"(?:{_SP}*(?:{pct}))?(?:{_SP}*[{dash_conn}]{_SP}*|{_SEP}(?P<w>{word_conn}){_SEP})"
            rf"(?:(?:{currency})[ \u00a0]?)?",
            i,
        )
        self._percent_after = re.compile(rf"[ \u00a0]?(?:{_alt(lex.percent)})(?![\w])", i)
        s_groups = "|".join(
            rf"(?P<{kind}>{_after(words)})"
            for kind, words in lex.suffix_qualifiers.items()
            if words
        )
        self._suffix_after = re.compile(s_groups or "(?!)", i)

    def _compile_exclusions(self, lex: NumberLexicon) -> None:
        """Contexts that make a number a duration, a date, a label, an age or a pronoun."""
        i = re.IGNORECASE
        fillers = _alt(lex.time_unit_fillers)
        self._time_after = re.compile(
            rf"(?:{_SEP}(?:(?:{fillers})[ \u00a0-]+)?(?:{_alt(lex.time_units)})(?![\w])"
            r"|[ \u00a0]?(?:[ap]\.m\.|[ap]\.?m(?![\w])))",
            i,
        )
        self._calibre_after = re.compile(
            rf"[ \u00a0]*-?[ \u00a0]*(?:{_alt(lex.designation_units)})(?![\w])", i
        )
        self._formation_after = re.compile(
            rf"[ \u00a0]+(?:[A-Z][\w'’.-]*[ \u00a0]+){{0,3}}?(?:{_alt(lex.formation_words)})\b"
            rf"(?!\s+(?!(?:{_alt(lex.not_plurals)})\b)[a-z]+(?:s|men)\b)"
        )
        months = _alt(lex.months)
        self._month_before = re.compile(
            rf"(?<![\w])(?:[0-9]{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?:{months})\b\.?,?\s+"
            rf"(?:[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+)?\Z"
        )
        # "17 May", and the first day of "17 and 18 May", "3 to 5 March"
        day = r"(?:st|nd|rd|th)?"
        self._month_after = re.compile(
            rf"{day}(?:\s*(?:{_alt(lex.day_list_joins)})\s*[0-9]{{1,2}}{day})?\s+(?:of\s+)?(?:{months})\b"
        )
        symbols = [d for d in lex.designators if not d[:1].isalnum()]
        words = [d for d in lex.designators if d[:1].isalnum()]
        self._designator_before = re.compile(
            rf"(?:(?<![\w])(?:(?i:{_alt(words)})|{_alt(lex.designators_capitalised)})"
            rf"|{_alt(symbols)})\s*#?\s*\Z"
        )
        self._designator_tokens = frozenset(
            [*lex.designators, *(d.lower() for d in lex.designators_capitalised)]
        )
        self._age_tokens = frozenset([*lex.age_cues, *lex.age_links])
        self._age_before = re.compile(
            rf"(?<![\w])(?:{_alt(lex.age_cues)})(?:\s+(?:{_alt(lex.age_links)}))?\s+\Z", i
        )
        self._one_before = re.compile(rf"(?<![\w])(?:{_alt(lex.one_preceded_by)})\s+\Z", i)
        self._one_after = re.compile(
            rf"(?:\s+(?:{_alt(lex.one_followed_by)})(?![\w])|['’]s\b|{_HYPHEN}[A-Za-z])", i
        )
        self._one_article_word = re.compile(
            rf"(?<![\w])(?:{_alt(lex.one_article_and_word_before)})\s+[a-z][\w'’-]*\s+\Z", i
        )
        self._definite_before = re.compile(rf"(?<![\w])(?:{_alt(lex.definite_before)})\s+\Z", i)
        self._speaker_before = re.compile(
            rf"(?:[,\"”'’]\s*(?:{_alt(lex.speaker_verbs_before)})"
            rf"|(?<![\w])(?:{_alt(lex.source_phrases_before)}))\s+\Z",
            i,
        )
        self._idioms = _idiom_patterns(lex)
        self._half_after = re.compile(rf"\s+(?:{_alt(lex.half_followers)})\b", i)
        self._of_after = re.compile(r"\s+of\b", i)

    def _context_ok(self, text: str, item: _Item) -> bool:
        """Exclusions that read the words around the number: durations, dates, labels, ages."""
        low, last = item.low, item.last
        if low.vague:
            return True
        start = item.opener_start if item.opener_start is not None else low.start
        window = max(0, start - 64)
        if self._time_after.match(text, last.end) or self._calibre_after.match(text, last.end):
            return False
        # The regexes below read back from the number; the word just before it tells cheaply
        # whether any of them can match.
        token = _last_token(text, start).lower()
        label = token.rstrip("#") in self._designator_tokens or token.endswith("#")
        if label and self._designator_before.search(text, window, start):
            return False  # "Resolution 2231", "p. 12"
        if token in self._age_tokens and self._age_before.search(text, window, start):
            return False  # "aged 19", "ages 18 to 60"
        if low.digit_led and _inside_link(text, low.start, last.end):
            return False
        if low.digit_led and (_in_attribute(text, low.start) or _identifier(low)):
            return False  # '<tweet id="6721385060">', a timestamp: markup, not a figure
        small_day = last.value is not None and last.value <= 31 and last.value == int(last.value)
        dated = low.digit_led and (small_day or self._year_like(low))
        if dated and self._month_before.search(text, window, low.start):
            return False  # "January 28", "28 January 2025"
        if last.digit_end and small_day and self._month_after.match(text, last.end):
            return False
        if item.high is None:
            return self._single_ok(text, low)
        return True

    def _single_ok(self, text: str, core: _Core) -> bool:
        if core.word and not core.digit_led and self._word_points(text, core):
            return False
        if core.word == "one":
            if self._one_before.search(text, max(0, core.start - 16), core.start):
                return False
            if self._one_after.match(text, core.end):
                return False
            pronoun = self._one_article_word.search(text, max(0, core.start - 40), core.start)
            if pronoun and not self._percent_after.match(text, core.end):
                return False  # "a triumphant one", "the main one"
            verb = _VERB_IN_S.match(text, core.end)
            if verb and verb.group(1) not in self.lexicon.one_not_verbs_in_s:
                return False  # "how one feels": the generic pronoun before its verb
        if core.digit_led and core.raw and len(core.raw) <= 3:
            if self._formation_after.match(text, core.end):
                return False  # "3 Commando Brigade"
            if _age_apposition(text, core):
                return False  # "Ahmed, 19, was"
        return not (core.raw and self._in_citation(text, core))

    def _word_points(self, text: str, core: _Core) -> bool:
        """A bare number word that names or points rather than counts: glued after a word
        ("one-on-one"), part of a name ("Gang of Eight", "Air Force One"), a reference back
        ("the two met"), the speaker of a quotation ('" said one aide'), a fixed phrase ("at
        one point")."""
        start = core.start
        if start >= 2 and text[start - 1] in _HYPHENS and text[start - 2].isalpha():
            return True
        if _in_name(text, start, core.end):
            return True
        window = max(0, start - 40)
        counting = core.word in self.lexicon.units or core.word in self.lexicon.tens
        definite = counting and core.word != "one" and self._definite_before.search(text, window, start)
        if definite:
            return True
        if self._speaker_before.search(text, window, start):
            return True
        return any(
            (before is None or before.search(text, window, start))
            and (after is None or after.match(text, core.end))
            for before, after in self._idioms.get(core.word, ())
        )

    def _kept_in_context(self, text: str, core: _Core, ctx: _Context) -> bool:
        """Checks that need the qualifier: years, and fractions that stand only in context."""
        if core.word == "half" and ctx.kind is None:
            return bool(self._half_after.match(text, core.end))
        if core.needs_of and ctx.kind is None and not ctx.percent:
            return bool(self._of_after.match(text, core.end))
        if self._year_like(core):
            return not self._is_year(text, core.start, core.end, ctx)
        return True

    def _in_citation(self, text: str, core: _Core) -> bool:
        """A number inside a short citation parenthesis whose first figure is a year:
        "(Ng, 2024)", "(2025, January 28)", "(Gardner 2025: 14)"."""
        open_at = text.rfind("(", max(0, core.start - 80), core.start)
        if open_at == -1 or ")" in text[open_at : core.start]:
            return False
        close_at = text.find(")", core.end, core.end + 60)
        if close_at == -1 or "(" in text[core.end : close_at]:
            return False
        first = _FIRST_DIGITS.search(text, open_at, close_at)
        if first is None or len(first.group(0)) != 4:
            return False
        if not self.lexicon.year_first <= int(first.group(0)) <= self.lexicon.year_last:
            return False
        after = text[first.end() : close_at].lstrip()
        return not after or after[0] in ",:;" or (after[0].isalpha() and len(after) == 1)

    def _is_year(self, text: str, start: int, end: int, ctx: _Context) -> bool:
        """Four bare digits in the year range: a year unless the context makes them a count."""
        if _HYPHENATED_WORD.match(text, end):
            return False  # "a 2000-strong force"
        nxt = _NEXT_WORD.match(text, end)
        next_word = nxt.group(1) if nxt else ""
        count_noun = (
            next_word[:1].islower() and next_word.lower() not in self.lexicon.year_followers
        )
        if ctx.kind is not None:
            return not (count_noun or ctx.kind != "approximate")
        if ctx.currency or ctx.percent:
            return False
        prev = _PREV_WORD.search(text, max(0, start - 32), start)
        word = prev.group(1).lower() if prev else ""
        if word in self.lexicon.year_determiners or word.endswith(("'s", "’s")):
            return True  # "the 2016 candidates", "his 2013 amendments", "the senator's 2012 bill"
        if count_noun and _plural(next_word):
            return False  # "in 2000 villages"
        if word in self.lexicon.year_cues_before:
            return True
        return not count_noun

    def _context(self, text: str, item: _Item, floor: int, ceiling: int) -> _Context:
        low, last = item.low, item.last
        ctx = _Context(low.start, last.end)
        window = max(floor, low.start - 48)
        money = None
        if _char_before(text, low.start) in self._currency_ends:
            money = self._currency_before.search(text, window, low.start)
        if money:
            ctx.currency, ctx.start = money.group("c"), money.start()
        if item.opener_start is not None and item.opener_start >= floor:
            ctx.start = item.opener_start
            ctx.words.append(item.opener)
        qualifier = None
        if (
            _last_token(text, ctx.start).lower().lstrip(_OPENING_PUNCTUATION)
            in self._qualifier_ends
        ):
            qualifier = self._qualifier_before.search(text, max(floor, ctx.start - 48), ctx.start)
        if qualifier:
            written = " ".join(qualifier.group(0).split())
            ctx.kind = self._qualifier_kind.get(written.lower())
            ctx.start = qualifier.start()
            ctx.words.insert(0, written)
        self._read_after(text, ctx, ceiling)
        return ctx

    def _read_after(self, text: str, ctx: _Context, ceiling: int) -> None:
        pct = self._percent_after.match(text, ctx.end, ceiling)
        if pct:
            ctx.percent, ctx.end = True, pct.end()
        money = self._currency_after.match(text, ctx.end, ceiling)
        if money and ctx.currency is None:
            ctx.currency = money.group("c")
        suffix = self._suffix_after.match(text, ctx.end, ceiling)
        if (
            suffix
            and suffix.lastgroup
            and not (
                suffix.group(0).endswith("+") and text[suffix.end() : suffix.end() + 1].isdigit()
            )
        ):
            ctx.suffix_kind = suffix.lastgroup
            ctx.end = suffix.end()
            ctx.words.append(" ".join(suffix.group(0).split()))


def _idiom_patterns(
    lex: NumberLexicon,
) -> dict[str, list[tuple[re.Pattern[str] | None, re.Pattern[str] | None]]]:
    """For each number word, the words written before and after it in the lexicon's idioms
    (each number word of an idiom: both of "one by one")."""
    numbers = {*lex.units, *lex.tens, *lex.groups}
    out: dict[str, list[tuple[re.Pattern[str] | None, re.Pattern[str] | None]]] = {}
    for idiom in lex.number_idioms:
        words = idiom.split()
        for at in (k for k, w in enumerate(words) if w in numbers):
            before = "".join(rf"{re.escape(w)}\s+" for w in words[:at])
            after = "".join(_piece(w, lead=True) for w in words[at + 1 :])
            out.setdefault(words[at], []).append(
                (
                    re.compile(rf"(?<![\w]){before}\Z", re.IGNORECASE) if before else None,
                    re.compile(rf"{after}(?![\w])", re.IGNORECASE) if after else None,
                )
            )
    return out


def _piece(word: str, lead: bool = False) -> str:
    """One word of an idiom as a pattern: words need spaces around them, punctuation may touch."""
    if not word[0].isalnum():
        return rf"\s*{re.escape(word)}"
    return rf"\s+{re.escape(word)}" if lead else re.escape(word)


def _in_name(text: str, start: int, end: int) -> bool:
    """A number word written with a capital after a capitalised word, not at the start of a
    sentence or a quotation: part of a name or a title ("Gang of Eight", "Air Force One")."""
    written = text[start:end]
    if not (written[:1].isupper() and written[1:].islower()):
        return False
    if _NAME_BEFORE.search(text, max(0, start - 48), start) is None:
        return False
    return not _title_case_line(text, start)


def _title_case_line(text: str, at: int) -> bool:
    """Is the line around `at` a headline in title case ("Airstrike Kills Two In Gaza")? There
    every word is capitalised, so a capital says nothing about a name."""
    end = text.find("\n", at)
    line = text[text.rfind("\n", 0, at) + 1 : end if end != -1 else len(text)]
    words = [w for w in _WORD.findall(line) if len(w) > 3]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _last_token(text: str, pos: int) -> str:
    """The run of non-space characters that ends just before `pos`, skipping spaces."""
    parts = text[max(0, pos - 40) : pos].rsplit(None, 1)
    return parts[-1] if parts else ""


def _char_before(text: str, pos: int) -> str:
    """The character before `pos`, over one space ("$ 300")."""
    if pos >= 2 and text[pos - 1] in " \u00a0":
        return text[pos - 2]
    return text[pos - 1] if pos >= 1 else ""


def _inside_link(text: str, start: int, end: int) -> bool:
    """Whether the number sits in a URL or e-mail address (a chunk without spaces)."""
    lo = max(0, start - 200)
    left = start
    while left > lo and text[left - 1] not in _LINK_DELIMITERS:
        left -= 1  # usually no step at all: numbers mostly follow a space
    chunk_end = _CHUNK.match(text, end, end + 200)
    right = chunk_end.end() if chunk_end else end
    return bool(_URLISH.search(text, left, right))


def _plural(word: str) -> bool:
    """A regular plural: "villages", not "address", "census", "crisis"."""
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _in_attribute(text: str, start: int) -> bool:
    """A number that opens a quoted markup attribute value: id="672138", timestamp='1449'."""
    return start >= 2 and text[start - 1] in "\"'" and text[start - 2] == "="


def _identifier(core: _Core) -> bool:
    """Ten or more digits without a separator: an identifier or a timestamp, not a figure
    (a reported figure that large is written with commas or "billion")."""
    return len(core.raw) >= _IDENTIFIER_DIGITS and core.raw.isdigit()


def _age_apposition(text: str, core: _Core) -> bool:
    """ "Ahmed, 19, was killed": a small number between commas after a name is an age."""
    if core.value is None or core.value > 120 or core.end >= len(text) or text[core.end] != ",":
        return False
    return bool(_AGE_APPOSITION_BEFORE.search(text, max(0, core.start - 40), core.start))
