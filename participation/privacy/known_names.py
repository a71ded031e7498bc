"""Full names the territory already holds, masked when a resident writes them without a title
(task s27erase, defect 2).

« Nadia Bouchareb 06 12 34 56 78 » written in an answer gave « Nadia Bouchareb [téléphone
masqué] » in the review queue and the exports: ``privacy.mentions`` finds a person after a
title only ("Mme Bouchareb"), since a capitalised word alone may be a place or a word. A name
the territory holds with the person's consent (the registry's name columns and typed contacts
of entries whose legal basis is consent: survey contacts, sign-ups, check-ins, candidates,
invitations) is no guess: written whole (first and last name, 2 words or more, in either
order, accents and case ignored: "nadia BOUCHAREB", "Bouchareb Nadia") it is masked like a
titled name (``mentions.mention_spans`` -> « [nom masqué] »).

Not masked: a name inside a place's name ("rue Jean Jaurès", ``mentions.in_place_name``), a
name that is (part of) a place of the territory (a quartier, one of its usual names, a
commune: "quartier Jean Jaurès"), a first name or a surname alone.

The names are read per territory: inside ``known_names_of(territory_id)`` (the analyses'
frames, the exports), else, in a staff request, the user's territory, read once per request
(its WSGI environ); nothing is kept beyond (``core.forgetting``).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from participation.core.textsearch import fold

TOKEN = re.compile(r"[^\W\d_]+")
GAP = re.compile(r"[\s'’-]+")
MIN_WORDS, MAX_WORDS = 2, 4
TITLE_WORDS = {"m", "mr", "mme", "mlle", "monsieur", "madame", "mademoiselle", "dr"}
_KNOWN: ContextVar[KnownNames | None] = ContextVar("pdq_known_names", default=None)


class KnownNames:
    """Full names as tuples of folded words, found in a text by ``spans``."""

    def __init__(self, names, places=(), single=()):
        place_words = [tuple(TOKEN.findall(fold(place))) for place in places]
        self.places = place_words  # read by ``self_names``: a quartier is no one's name
        # first names left alone as a contact ("Samira 07 11 22 33 44"), read by
        # ``self_names`` only (a PER entity of the model): never masked by ``spans``
        self.single = frozenset(word for word in single
                                if not any(word in place for place in place_words))
        self.by_first: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        self._key: str | None = None
        for words in names:
            if not any(_inside(words, place) for place in place_words):
                for order in {words, words[::-1]}:
                    self.by_first[order[0]].add(order)

    def __bool__(self) -> bool:
        return bool(self.by_first)

    @property
    def key(self) -> str:
        """32 hex digits naming these names and places (``textcache.signature`` of every
        word order sorted, then of the places' words, then of the first names given alone,
        ``single``, sorted): equal for equal names and places,
        whichever request read them; what a text's spans are kept under
        (``mentions.mention_spans``, whose ``self_names`` reads both)."""
        if self._key is None:
            from participation.analysis.textcache import signature

            self._key = signature(sorted(" ".join(words) for orders in self.by_first.values()
                                         for words in orders),
                                  [" ".join(place) for place in self.places],
                                  sorted(self.single))
        return self._key

    def spans(self, text: str) -> list[tuple[int, int]]:
        """[(start, end)] of each known full name written in ``text`` (its words joined by
        spaces, hyphens or apostrophes only), a place's name left out."""
        from participation.privacy.mentions import in_place_name

        tokens = [(m.start(), m.end(), fold(m.group())) for m in TOKEN.finditer(text)]
        found, index = [], 0
        while index < len(tokens):
            size = self._match(text, tokens, index)
            if size and not in_place_name(text, tokens[index][0]):
                found.append((tokens[index][0], tokens[index + size - 1][1]))
                index += size
            else:
                index += 1
        return found

    def _match(self, text: str, tokens: list, index: int) -> int:
        for words in sorted(self.by_first.get(tokens[index][2], ()), key=len, reverse=True):
            run = tokens[index:index + len(words)]
            if tuple(t[2] for t in run) == words and all(
                    GAP.fullmatch(text[a[1]:b[0]]) for a, b in zip(run, run[1:], strict=False)):
                return len(words)
        return 0


def _inside(words: tuple[str, ...], place: tuple[str, ...]) -> bool:
    return any(place[i:i + len(words)] == words for i in range(len(place) - len(words) + 1))


def full_name(value: str | None) -> tuple[str, ...] | None:
    """The folded words of a name as stored ("Nadia Bouchareb 06 12 34 56 78", "Mme Nadia
    BOUCHAREB"): contacts, digits and titles left out; a contact that is an e-mail alone
    gives the name its address is made of ("karima.benali@example.org": karima benali;
    tester t28coord); None unless 2 to 4 words of 2 letters or more remain (a first name
    alone is no full name)."""
    from participation.privacy.masking import EMAIL_IN_TEXT

    value = value or ""
    email = EMAIL_IN_TEXT.fullmatch(value.strip())
    if email is not None and not re.search(r"\d", value.split("@")[0]):
        value = re.sub(r"[._+-]+", " ", value.strip().split("@")[0])
    words = [w for w in TOKEN.findall(fold(EMAIL_IN_TEXT.sub(" ", value)))
             if w not in TITLE_WORDS]
    if not MIN_WORDS <= len(words) <= MAX_WORDS or min(map(len, words)) < 2:
        return None
    return tuple(words)


def given_name(value: str | None) -> str | None:
    """The folded first name of a contact that gives one word of 3 letters or more beside
    its phone or e-mail ("Samira 07 11 22 33 44" -> "samira"), else None."""
    from participation.privacy.masking import EMAIL_IN_TEXT

    words = [w for w in TOKEN.findall(fold(EMAIL_IN_TEXT.sub(" ", value or "")))
             if w not in TITLE_WORDS]
    return words[0] if len(words) == 1 and len(words[0]) >= 3 else None


def load(territory_id: int, shown=frozenset()) -> KnownNames:
    """The full names of the territory's consented records (``PersonalTable.legal_basis``
    "consent", with name columns or a typed contact: ``sets.names_of``), the places of the
    territory (quartiers, their usual names, communes) excepted, and so are the ``shown``
    names (folded words, either order: those a person agreed to show, ``public_names``);
    with the first names given alone (``given_name``, ``KnownNames.single``)."""
    from participation.core.personal_data import PERSONAL_TABLES, _base
    from participation.extensions import db
    from participation.privacy.sets import names_of

    names, single = set(), set()
    for key, entry in PERSONAL_TABLES.items():
        if entry.legal_basis != "consent" or not (entry.name_fields or entry.name_in_text):
            continue
        for row in db.session.scalars(_base(entry, territory_id).order_by(entry.model.id)):
            values = names_of(key, row)
            names.update(filter(None, map(full_name, values)))
            single.update(filter(None, map(given_name, values)))
    names = {n for n in names if n not in shown and n[::-1] not in shown}
    return KnownNames(names, _places(territory_id), single)


def _places(territory_id: int) -> list[str]:
    from sqlalchemy import select

    from participation.extensions import db
    from participation.territory.models import Commune, Quartier, QuartierName

    quartiers = select(Quartier.name).where(Quartier.territory_id == territory_id) \
        .order_by(Quartier.id)
    usual = select(QuartierName.name).join(Quartier, Quartier.id == QuartierName.quartier_id) \
        .where(Quartier.territory_id == territory_id).order_by(QuartierName.id)
    communes = select(Commune.name).where(Commune.territory_id == territory_id) \
        .order_by(Commune.id)
    return [name for stmt in (quartiers, usual, communes) for name in db.session.scalars(stmt)]


@contextmanager
def known_names_of(territory_id: int) -> Iterator[KnownNames]:
    """Mask the names ``territory_id`` holds in the texts masked inside the block."""
    token = _KNOWN.set(load(territory_id))
    try:
        yield _KNOWN.get()
    finally:
        _KNOWN.reset(token)


def current() -> KnownNames | None:
    """The names of the block's territory (``known_names_of``), else of the staff user's
    territory in a request (read once per request, kept in its WSGI environ), else None.
    About 1 µs once read (the request and the user taken from Flask's context variables,
    not through its proxies: the analyses mask thousands of texts per page)."""
    known = _KNOWN.get()
    if known is not None:
        return known
    from flask.globals import _cv_app, _cv_request

    request_context = _cv_request.get(None)
    if request_context is None:
        return None
    user = _cv_app.get().g.get("_login_user")  # where Flask-Login keeps the request's user
    if user is None:
        from flask_login import current_user

        user = current_user._get_current_object()
    territory_id = getattr(user, "territory_id", None)
    if territory_id is None or not getattr(user, "is_authenticated", False):
        return None
    environ = request_context.request.environ
    cached = environ.get("pdq.known_names")
    if cached is None or cached[0] != territory_id:
        cached = environ["pdq.known_names"] = (territory_id, load(territory_id))
    return cached[1]
