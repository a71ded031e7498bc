"""The participation section of the contract, as a list of blocks (the *section model*).

The built-in blocks come from the contributions of every format: method and calendar, one
block per format with its figures, per-theme three-column tables, forces/faiblesses per
quartier (split by commune), quotes. Features add richer blocks (survey results, Johari page,
conseil citoyen page) through ``registry.SECTION_BLOCKS``. Coordinators' edited texts
(``SectionText``) replace the generated paragraphs of the block with the same key. The
renderers (``render.py``) turn the model into HTML, DOCX and ODT.
"""
from __future__ import annotations

from functools import partial

import pandas as pd
from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from participation.analysis import charts, citations, frames, kept, quoting, summary, years
from participation.analysis import evolution_words as words
from participation.core import smallcounts, typography
from participation.core.memo import content_memo, digest, memo, row_hashes
from participation.exports import services
from participation.exports.registry import SECTION_BLOCKS
from participation.privacy.masking import mask_contacts


def _block(key: str, title: str, order: int, paragraphs=(), tables=(), images=(),
           level: int = 2) -> dict:
    return {"key": key, "title": title, "order": order, "level": level,
            "paragraphs": list(paragraphs), "tables": list(tables), "images": list(images)}


def method_block(data: pd.DataFrame, labels: dict) -> dict:
    """Method and calendar: which formats, month by month."""
    formats = data["source_format"].map(labels["source_format"])
    months = data["said_on"].dt.to_period("M")
    table = pd.crosstab(formats, months).sort_index(axis=1)
    header = [_("Format")] + [format_date(p.to_timestamp(), "MMMM y") for p in table.columns]
    # each row adds up to its format's number, published in the format's block below: a
    # small month is hidden with a second one (``smallcounts.published_line``)
    rows = [[name] + [cell if v else "" for v, cell in zip(
                values, smallcounts.published_line(values)[0], strict=True)]
            for name, values in zip(table.index, table.to_numpy().tolist(), strict=True)]
    start = format_date(data["said_on"].min(), "MMMM y")
    end = format_date(data["said_on"].max(), "MMMM y")
    if start == end:  # "entre juin 2023 et juin 2023" reads wrong
        text = ngettext("La parole des habitants et des partenaires a été recueillie par "
                        "%(num)s format, en %(start)s.",
                        "La parole des habitants et des partenaires a été recueillie par "
                        "%(num)s formats différents, en %(start)s.",
                        formats.nunique(), start=start)
    else:
        text = ngettext("La parole des habitants et des partenaires a été recueillie par "
                        "%(num)s format, entre %(start)s et %(end)s.",
                        "La parole des habitants et des partenaires a été recueillie par "
                        "%(num)s formats différents, entre %(start)s et %(end)s.",
                        formats.nunique(), start=start, end=end)
    return _block("methode", _("Méthode et calendrier de la concertation"), 10, [text],
                  [{"caption": _("Contributions recueillies par format et par mois"),
                    "header": header, "rows": rows}])


def format_blocks(data: pd.DataFrame, labels: dict) -> list[dict]:
    """One block per format with its headline figures, and a chart of the formats with at
    least the minimum count (``core.smallcounts``: the others are named, "moins de 5")."""
    minimum = smallcounts.min_count()
    per_format = data.groupby("source_format").agg(
        contributions=("id", "size"), sessions=("source_label", "nunique"),
        quartiers=("quartier_id", "nunique")).sort_values("contributions", ascending=False)
    names = per_format.index.map(labels["source_format"]).tolist()
    title = _("Contributions recueillies par format")
    counts = per_format["contributions"].tolist()
    shown = [(n, c) for n, c in zip(names, counts, strict=True)
             if not smallcounts.hidden(c, minimum)]
    small = [n for n, c in zip(names, counts, strict=True) if smallcounts.hidden(c, minimum)]
    paragraphs = [_("Moins de %(n)s contributions (nombre non publié) : %(names)s.",
                    n=minimum, names=", ".join(small))] if small else []
    images = [charts.chart_image([n for n, _c in shown], [c for _n, c in shown], title,
                                 charts.alt_text(title, [n for n, _c in shown],
                                                 [c for _n, c in shown]))] if shown else []
    blocks = [_block("formats", _("Les formats de participation"), 20, paragraphs, [], images)]
    for position, (fmt, row) in enumerate(per_format.iterrows()):
        blocks.append(_block(f"format-{fmt}", labels["source_format"].get(fmt, fmt),
                             20 + (position + 1) / 1000, [_format_figures(row, minimum)],
                             level=3))
    return blocks


def _format_figures(row, minimum: int) -> str:
    """ "271 contributions recueillies · 4 séances ou questions · 1 quartier" ("moins de 5
    contributions recueillies" under the minimum)."""
    count = int(row["contributions"])
    figures = (_("moins de %(n)s contributions recueillies", n=minimum)
               if smallcounts.hidden(count, minimum) else
               ngettext("%(num)s contribution recueillie", "%(num)s contributions recueillies",
                        count))
    if row["sessions"] > 1:
        figures += " · " + _("%(n)s séances ou questions", n=int(row["sessions"]))
    if row["quartiers"]:
        figures += " · " + ngettext("%(num)s quartier", "%(num)s quartiers",
                                    int(row["quartiers"]))
    return figures


def theme_blocks(data: pd.DataFrame, tags: pd.DataFrame, challenges: pd.DataFrame,
                 common: frozenset[str] = frozenset()) -> list[dict]:
    """Per challenge, the contracts' three columns (cells may be empty), and its evolution
    (``common``: the territory's terms that name no need, ``kept.common_terms``)."""
    header = [_("Propositions des habitants pour y remédier"),
              _("Manquements / dysfonctionnements relevés par les habitants"),
              _("Mobilisation des partenaires en réponse aux besoins")]
    blocks = [_block("themes", _("Ce que les habitants ont dit, thème par thème"), 40)]
    current = challenges[challenges["current"]]
    hashes = row_hashes(data)
    members = frames.challenge_members(tags, challenges)  # every challenge's rows at once
    for position, node in enumerate(current.itertuples()):
        sub = data[data["id"].isin(members.get(int(node.id), ()))]
        if not sub.empty:
            blocks += content_memo("section.theme",
                                   lambda n=node, p=position, s=sub: _theme(s, n, p, header,
                                                                            common),
                                   digest(hashes[sub.index].to_numpy(), header,
                                          frozenset(common)), repr(tuple(node)), position)
    return blocks


def _theme(sub: pd.DataFrame, node, position: int, header: list[str],
           common: frozenset[str] = frozenset()) -> list[dict]:
    """One challenge's three-column block and its evolution block (none without rows), from
    its contributions ``sub``; kept by ``sub`` and the node (``core.memo.content_memo``)."""
    minimum = smallcounts.min_count()
    keys = ("propositions", "manquements", "mobilisation")
    cols = summary.three_columns(sub, minimum)
    depth = max(len(cols[k]) for k in cols)
    rows = [[(typography.said(cols[k][i]) if i < len(cols[k]) else "") for k in keys]
            for i in range(depth)]
    if not rows:
        return []
    # a column of 1 to minimum - 1 contributions: "moins de 5", one text as an example
    few = summary.few_columns(sub, minimum)
    caption = " ".join(_("« %(column)s » : moins de %(n)s contributions, un texte pour "
                         "exemple.", column=title, n=minimum)
                       for key, title in zip(keys, header, strict=True) if key in few)
    block = _block(f"theme-{node.code}", f"{node.code} · {node.name}",
                   40 + (position + 1) / 1000, (),
                   [{"caption": caption, "header": header, "rows": rows}], level=3)
    # its draft is read and validated on the challenge's page (analysis.summary_page)
    block["challenge_id"] = int(node.id)
    return [block, *evolution_blocks(sub, node, block["order"], common)]


def evolution_blocks(frame: pd.DataFrame, node, order: float,
                     common: frozenset[str] = frozenset()) -> list[dict]:
    """A challenge in its two latest consultations (``years.evolution``), one block per table
    (``years.PARTS``: residents' needs, then their atouts): the bases, each row's count with
    its base and share, the change in points, the answers in other languages not counted,
    what is new and what is gone. No block for a table without two years of at least the
    minimum count of its contributions; ``common``: the territory's terms that name no need
    (``kept.common_terms``). A block's ``review`` ({challenge_id, digest: ``years.digest``})
    is what the coordinator validates on the challenge's page before it enters the section
    (``reviewed``)."""
    minimum = smallcounts.min_count()
    found = []
    for rank, part in enumerate(years.PARTS):
        if years.compared_years(frame[years.residents_words(frame, part)], minimum) is None:
            continue  # no grouping needed
        evo = years.evolution(frame, minimum, partial(kept.groups, common=common),
                              partial(kept.year_reference, common=common),
                              kept.groups(frame, common), part=part)
        found.append(_evolution_block(evo, node, order + (rank + 1) * 1e-7, minimum))
    return found


def _evolution_block(evo: dict, node, order: float, minimum: int) -> dict:
    """One year-on-year block of ``node`` (a challenge) from ``years.evolution``'s ``evo``:
    key "evolution-<code>" (needs) or "evolution-atouts-<code>", its sentences and table."""
    before, last, bases = evo["previous"], evo["last"], evo["bases"]

    def cell(count, pct, year):
        if count is None:
            return smallcounts.fewer(minimum)
        return _("%(n)s sur %(base)s (%(pct)s %%)", n=count, base=bases[year], pct=pct)

    rows = [[r.label, cell(r.previous, r.previous_pct, before), cell(r.last, r.last_pct, last),
             "—" if r.change is None else f"{r.change:+d}"] for r in evo["rows"].itertuples()]
    table = {"caption": words.caption(evo), "header": words.header(evo), "rows": rows}
    atouts = evo.get("part") == "atouts"
    title = (_("%(code)s · %(name)s : évolution des atouts de %(y1)s à %(y2)s", code=node.code,
               name=node.name, y1=before, y2=last) if atouts else
             _("%(code)s · %(name)s : évolution de %(y1)s à %(y2)s", code=node.code,
               name=node.name, y1=before, y2=last))
    key = f"evolution-atouts-{node.code}" if atouts else f"evolution-{node.code}"
    block = _block(key, title, order, _evolution_paragraphs(evo, minimum),
                   [table] if rows else [], level=3)
    block["review"] = {"challenge_id": int(node.id), "digest": years.digest(evo)}
    return block


def _evolution_paragraphs(evo: dict, minimum: int) -> list[str]:
    """The sentences of an evolution block: the bases (what is counted), the answers in
    other languages not counted, that no row is published when none reaches ``minimum``,
    then what is new and what is gone, quoted."""
    last = evo["last"]
    quoted = lambda labels: ", ".join(f"« {label} »" for label in labels)  # noqa: E731
    paragraphs = [words.bases_sentence(evo), *words.unread(evo, minimum)]
    if evo["rows"].empty:
        paragraphs.append(words.none_published(evo, minimum))
    if evo["new"]:
        paragraphs.append(_("Nouveau en %(y)s :", y=last) + " " + quoted(evo["new"]) + ".")
    if evo["gone"]:
        paragraphs.append(_("Ne revient plus en %(y)s :", y=last) + " " + quoted(evo["gone"])
                          + ".")
    return paragraphs


def reviewed(model: dict, texts: dict[str, str] | None) -> dict:
    """The evolution blocks as the coordinator decided on the challenge's page
    (``services.evolution_choice``): one enters the section only when its figures were
    validated as they are now (same ``years.digest``), with its table ("tableau") or
    without it ("texte"); excluded ("exclu"), never validated, or validated with other
    figures, it is left out and its challenge's block says so to the coordinator
    (``evolution_review``, ``atouts_review`` for the atouts' table: {title, challenge_id,
    state: "exclu", "nouveau" or "change"}).
    In place; returns ``model``."""
    themes = {b["challenge_id"]: b for b in model["blocks"] if b.get("challenge_id")}
    shown = []
    for block in model["blocks"]:
        review = block.pop("review", None)
        if review is None:  # an evolution kept without its figures' digest never enters
            if not block["key"].startswith("evolution-"):
                shown.append(block)
            continue
        choice, digest = services.evolution_choice(texts or {}, block["key"])
        if choice in ("tableau", "texte") and digest == review["digest"]:
            block["tables"] = block["tables"] if choice == "tableau" else []
            shown.append(block)
            continue
        state = "exclu" if choice == "exclu" else ("change" if choice else "nouveau")
        if review["challenge_id"] in themes:  # the atouts' table has its own notice
            name = "atouts_review" if block["key"].startswith("evolution-atouts-") \
                else "evolution_review"
            themes[review["challenge_id"]][name] = {
                "title": block["title"], "challenge_id": review["challenge_id"],
                "state": state}
    model["blocks"] = shown
    return model


def theme_of_tags(tags: pd.DataFrame, challenges: pd.DataFrame) -> pd.DataFrame:
    """[id, theme, order]: each tagged contribution's top-level challenge of the current tree
    ("TH04 · Cadre de vie"; a tag on a sub-challenge goes to its theme), once per theme,
    ``order`` the theme's place in the tree. ``tags``: the validated tags."""
    parent = dict(zip(challenges["id"], challenges["parent_id"], strict=True))

    def root(node):
        seen = set()
        while not pd.isna(parent.get(node)) and node not in seen:
            seen.add(node)
            node = parent[node]
        return node

    roots = challenges[challenges["current"] & challenges["parent_id"].isna()]
    label = {int(r.id): (f"{r.code} · {r.name}", position)
             for position, r in enumerate(roots.itertuples())}
    found = {(int(cid), label[int(top)]) for cid, top in zip(
        tags["contribution_id"], tags["challenge_id"].map(root), strict=True)
        if not pd.isna(top) and int(top) in label}
    return pd.DataFrame([(cid, theme, order) for cid, (theme, order) in found],
                        columns=["id", "theme", "order"])


def _cell(texts: list[str], more: int, minimum: int, empty: str) -> str:
    """A cell of the forces/faiblesses table: its quotes one a line, then how many others
    (the small-count rule: under ``minimum``, "quelques autres"); ``empty`` ("Aucune
    contribution classée atout") when there is neither, so no cell of the contract is left
    blank."""
    if not texts and not more:
        return empty
    lines = [f"« {typography.said(text)} »" for text in texts]
    if more:
        lines.append(_("… et %(n)s autres", n=more) if more >= minimum
                     else _("… et quelques autres"))
    return "\n".join(lines)


# The parts of a challenge's validated text (``analysis.views.draft_text``: "Points forts :
# …") a forces/faiblesses column repeats when no contribution of its kind was recorded.
VALIDATED_PARTS = {2: "forts", 3: "faibles"}
# Shares of the page's width of the grid's columns (``render.column_widths``): with quotes of
# strengths, the two last columns alike; without, the forces column just wide enough for
# "Aucune contribution classée atout" without breaking "contribution".
WEIGHTS_FORCES, WEIGHTS_NO_FORCE = [2, 2.4, 2.8, 2.8], [2, 2.4, 2.6, 4]


def forces_block(data: pd.DataFrame, tags: pd.DataFrame, challenges: pd.DataFrame) -> dict:
    """Forces (atouts) and faiblesses (manquements) per quartier and theme, from the
    contributions with a validated challenge only (``summary.forces_faiblesses``): one row
    per quartier and theme, at most ``summary.CELL_QUOTES`` short quotes a cell. A cell
    without any says what it counts ("Aucune contribution classée atout"); ``pending``
    lists such cells as [row, column, [(code, "code · name")], part] (the theme's challenges,
    ``theme_codes``) for ``validated_cells``, which adds what the coordinator validated for
    them."""
    minimum = smallcounts.min_count()
    table = summary.forces_faiblesses(data, theme_of_tags(tags, challenges))
    codes = theme_codes(challenges)
    empty = {2: _("Aucune contribution classée atout"),
             3: _("Aucune contribution classée manquement")}
    rows, pending = [], []
    for i, r in enumerate(table.itertuples()):
        rows.append([f"{r.quartier} ({r.commune})" if r.commune else r.quartier, r.theme,
                     _cell(r.forces, r.more_forces, minimum, empty[2]),
                     _cell(r.faiblesses, r.more_faiblesses, minimum, empty[3])])
        pending += [[i, col, codes.get(r.theme, []), part]
                    for col, part in VALIDATED_PARTS.items() if rows[-1][col] == empty[col]]
    any_force = any(r.forces or r.more_forces for r in table.itertuples())
    paragraphs = [_("Les forces sont les atouts relevés, les faiblesses les manquements "
                    "(constats, défis), pour les contributions dont l’enjeu a été validé ; "
                    "au plus %(n)s citations par case. Une case sans contribution de ce "
                    "type le dit, puis reprend les points forts ou faibles que la "
                    "coordination a validés pour l’enjeu.", n=summary.CELL_QUOTES)] \
        if rows else []
    block = _block("forces", _("Forces et faiblesses par quartier"), 60, paragraphs, [{
        "caption": _("Forces et faiblesses relevées par les habitants, par quartier et par "
                     "enjeu"),
        "header": [_("Quartier (commune)"), _("Enjeu"), _("Forces (atouts)"),
                   _("Faiblesses (manquements)")], "rows": rows,
        "weights": WEIGHTS_FORCES if any_force else WEIGHTS_NO_FORCE}]
        if rows else [])
    block["pending"] = pending
    return block


def theme_codes(challenges: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    """Theme label ("TH04 · Cadre de vie", as ``theme_of_tags`` names a top-level challenge
    of the current tree) -> [(code, "code · name")] of that challenge and of the current
    ones below it, in the tree's order: the challenges whose validated texts (on their own
    page, keys "theme-<code>") speak of the theme's row of the grid."""
    current = challenges[challenges["current"]]
    found = {}
    for root in current[current["parent_id"].isna()].itertuples():
        below = frames.descendants(current, int(root.id))
        found[f"{root.code} · {root.name}"] = [
            (r.code, f"{r.code} · {r.name}") for r in current.itertuples() if r.id in below]
    return found


def validated_part(text: str | None, part: str) -> str:
    """What a challenge's validated ``text`` says after "Points forts :" (``part`` "forts")
    or "Points faibles :" ("faibles") at the start of one of its lines, the titles
    ``analysis.views.draft_text`` writes (in French or in the document's language); "" when
    no line opens so."""
    titles = {"forts": ("Points forts", _("Points forts")),
              "faibles": ("Points faibles", _("Points faibles"))}[part]
    for line in (text or "").splitlines():
        head, colon, rest = line.partition(":")
        if colon and head.strip().lower() in {t.lower() for t in titles} and rest.strip():
            return rest.strip()
    return ""


def validated_cells(model: dict, texts: dict[str, str] | None) -> dict:
    """The forces/faiblesses cells that no contribution filled (``forces_block``'s
    ``pending``) followed by the points forts or faibles the coordinator validated for the
    theme or a challenge below it (``validated_part`` of its text "theme-<code>"), one line
    each, so that the table and the validated texts never disagree: "Aucune contribution
    classée atout" stays (what the table counts), then "Points forts validés (L4 ·
    Mobilité) : …" (the forces column then as wide as with quotes, ``WEIGHTS_FORCES``). In
    place; returns ``model``."""
    for block in model["blocks"]:
        for row, col, challenges, part in block.pop("pending", ()):
            cells = block["tables"][0]["rows"][row]
            for code, name in challenges:
                said = validated_part((texts or {}).get(f"theme-{code}"), part)
                title = (_("Points forts validés (%(challenge)s)", challenge=name)
                         if part == "forts" else
                         _("Points faibles validés (%(challenge)s)", challenge=name))
                cells[col] += "\n" + mask_contacts(f"{title} : {said}") if said else ""
                if said and col == 2:  # strengths written: room as for quotes
                    block["tables"][0]["weights"] = WEIGHTS_FORCES
    return model


def quotes_block(data: pd.DataFrame, labels: dict, tags: pd.DataFrame,
                 challenges: pd.DataFrame, common: frozenset[str] = frozenset()) -> dict:
    """Five residents' quotes, one from each of the five biggest needs residents raised
    (``quoting.representative_quotes``), on the territory's grouping that the words page
    shows too (``analysis.kept.territory_groups``: theme by theme, kept by their rows). A
    quote is one paragraph: its line breaks and runs of spaces one space (as a page shows
    them), never a quote cut over two paragraphs of the DOCX/ODT."""
    groups = kept.territory_groups(data, tags, challenges, common)
    quotes = quoting.representative_quotes(data, labels["author_role"], n=5,
                                           wording=frames.wording(), groups=groups)
    lines = [f"« {typography.said(' '.join(q.text.split()))} »"  # one paragraph each
             + (f" — {q.attribution}" if q.attribution else "")
             for q in quotes.itertuples()]
    return _block("citations", _("Paroles d'habitants"), 80, lines)


def generated_section(territory) -> dict:
    """The section model as computed from the data (no coordinator's wording applied)."""
    data = frames.contributions_frame(territory.id)
    labels = frames.labels()
    contract = territory.current_contract
    blocks: list[dict] = []
    if not data.empty:
        tags, challenges = frames.validated_tags(territory.id), frames.challenges_frame(contract)
        common = kept.common_terms(data, tags, challenges)
        blocks += [method_block(data, labels), *format_blocks(data, labels),
                   *theme_blocks(data, tags, challenges, common),
                   forces_block(data, tags, challenges),
                   quotes_block(data, labels, tags, challenges, common)]
    for func in SECTION_BLOCKS:
        blocks.extend(func(territory))
    for block in blocks:
        mask_block(block)
        block["generated"] = list(block["paragraphs"])  # the edit form compares with it
    title = _("La participation des habitants")
    name = contract.name if contract else territory.name
    return {"title": title, "subtitle": f"{name} — {territory.name}",
            "blocks": sorted(blocks, key=lambda b: b.get("order", 100)),
            "min_count": smallcounts.min_count()}


def checked_quotes(territory_id: int, texts: dict[str, str] | None) -> dict[str, str] | None:
    """The coordinator's texts as printed: in each "Citations" line, a quote that is no
    longer any contribution's words (erased since) left out, a signature no longer
    consented (withdrawn, purged) too (``analysis.citations.kept``); read at every print,
    so an erasure reaches texts validated before it."""
    if not texts or not any("«" in text for text in texts.values()):
        return texts
    published = citations.published(territory_id)
    return {key: citations.kept(text, published) if "«" in text else text
            for key, text in texts.items()}


def build_section(territory, texts: dict[str, str] | None = None) -> dict:
    """The section model: title, blocks sorted by ``order``; edited texts applied (and
    repeated in the forces/faiblesses cells no contribution filled, ``validated_cells``),
    their quotes checked against the contributions (``checked_quotes``).

    The generated part is kept until the territory's data changes (``core.memo``)."""
    model = memo(territory.id, "section", lambda: generated_section(territory))
    texts = checked_quotes(territory.id, texts)
    for block in model["blocks"]:
        if texts and texts.get(block["key"]):
            block["paragraphs"] = [mask_contacts(p) for p in texts[block["key"]].splitlines()
                                   if p.strip()]
    return validated_cells(reviewed(model, texts), texts)


def mask_block(block: dict) -> dict:
    """The block's paragraphs and table cells with the contact details residents wrote in
    them masked (``privacy.masking``): the section is a public document (in place)."""
    block["paragraphs"] = [mask_contacts(p) for p in block["paragraphs"]]
    for table in block.get("tables") or ():
        table["rows"] = [[mask_contacts(cell) for cell in row] for row in table["rows"]]
    return block
