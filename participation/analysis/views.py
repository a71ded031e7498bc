"""What residents said, per challenge; the words that come back; the tag review queue."""
from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.analysis import (
    autotag,
    charts,
    citations,
    column_texts,
    counts,
    evolution_words,
    frames,
    grouping,
    kept,
    published,
    said_groups,
    summary,
    warming,
)
from participation.analysis import exports as _exports  # noqa: F401  (registers them)
from participation.analysis import text as tx
from participation.analysis.forms import DraftForm
from participation.analysis.pending import drain_before
from participation.analysis.years import NEED_KINDS
from participation.contributions.models import SOURCE_FORMATS
from participation.core import smallcounts
from participation.core.auth import (
    COORDINATOR,
    PARTNER,
    get_scoped_or_404,
    has_role,
    role_required,
)
from participation.core.memo import content_memo, digest, memo
from participation.core.punctuation import labelled
from participation.core.registry import staff_menu_entry
from participation.exports.services import (
    save_section_text,
    section_snapshots,
    section_texts,
    stale,
)
from participation.extensions import db
from participation.privacy.redaction import staff_text_warning
from participation.territory.models import Challenge, Quartier, Territory
from participation.territory.services import current_tree

bp = Blueprint("analysis", __name__, url_prefix="/analysis")
staff_menu_entry("analysis.index", _l("Analyses : ce que disent les habitants"), PARTNER)
staff_menu_entry("analysis.review", _l("Enjeux à vérifier"), COORDINATOR)
# The review queue's orders as the address names them (``?ordre=``) -> ``queue.ORDERS``.
staff_menu_entry("analysis.words", _l("Mots et réponses regroupées"), COORDINATOR)
DIM_TITLES = {"source_format": _l("Par format"), "quartier": _l("Par quartier"),
              "commune": _l("Par commune"), "author_role": _l("Par auteur"),
              "kind": _l("Par nature")}


drain_before(bp)
def _min_count() -> int:
    return smallcounts.min_count()


def _contract():
    return db.session.get(Territory, current_user.territory_id).current_contract


@bp.get("/")
@role_required(PARTNER)
def index():
    """The challenge tree with how many contributions each received (validated tags only),
    by kind (every kind present, so the kinds add up to the total), the suggestions still to
    check apart, and how many contributions wait in the review queue (its very count)."""
    contract = _contract()
    tree = current_tree(contract) if contract else []
    tid = current_user.territory_id
    cid = contract.id if contract else None
    quartiers = frames.quartiers_frame(tid).drop_duplicates("quartier_id")
    # every count the index prints, protected once and shared with the pages it links to
    cells = published.index_cells(tid, cid, tuple(int(q) for q in quartiers["quartier_id"]))
    suggested = counts.totals(counts.count_rows(tid, cid, dims=(), validated=False))
    columns = cells["columns"]
    rows = [(node, cells["rows"][node.id]["total"],
             [cells["rows"][node.id]["kinds"][kind] for kind in columns],
             suggested.get(node.id, 0)) for node in tree]
    return render_template(
        "analysis/index.html", rows=rows, pending=cells["pending"], min_count=_min_count(),
        labels=frames.labels(), kind_columns=columns, secondary=smallcounts.SECONDARY,
        formats=cells["formats"],
        quartiers=[(q.quartier_id, q.quartier, q.communes,
                    *cells["quartiers"][int(q.quartier_id)]) for q in quartiers.itertuples()])


SCOPES = ("challenge", "quartier", "format")


def _scope(scope: str, key: str) -> tuple[str, object]:
    """The title and the contributions of a challenge, a quartier or a format (or 404)."""
    if scope not in SCOPES:
        abort(404)
    tid = current_user.territory_id
    data = frames.contributions_frame(tid)
    if scope == "challenge" and key.isdigit():
        node = get_scoped_or_404(Challenge, int(key))
        return node.name, frames.challenge_contributions(
            data, frames.validated_tags(tid), frames.challenges_frame(node.contract), node.id)
    if scope == "quartier" and key.isdigit():
        quartier = get_scoped_or_404(Quartier, int(key))
        return quartier.name, data[data["quartier_id"] == quartier.id]
    if scope == "format" and key in SOURCE_FORMATS:
        return str(SOURCE_FORMATS[key]), data[data["source_format"] == key]
    abort(404)


@bp.get("/<scope>/<key>")
@role_required(PARTNER)
def summary_page(scope: str, key: str):
    """"What did residents say about mobility?" — or in this quartier, or in this format:
    figures, words, groups, quotes, the draft to edit, the three columns, year on year."""
    warming.note("analysis.summary", scope, key)  # computed again after each change
    return _summary_response(scope, key)


@warming.warmer("analysis.summary")
def kept_summary(scope: str, key: str) -> tuple[str, dict, dict]:
    """``_summary`` of a scope for the current data (``core.memo``: once per data version)."""
    return memo(current_user.territory_id, "analysis.summary",
                lambda: _summary(scope, key), scope, key)


def _summary_response(scope: str, key: str, draft: dict | None = None):
    """The summary page; ``draft``: the validation form as submitted when it was refused
    (``_draft_form``'s keys), else the saved text or the draft."""
    title, result, three = kept_summary(scope, key)
    # the chart's words: the rows it draws, those with a published count (no chart: None)
    alts = {dim: charts.alt_text(str(DIM_TITLES[dim]), shown["label"].astype(str).tolist(),
                                 shown["count"].tolist()) if len(shown) else None
            for dim, shown in ((d, t.dropna(subset=["count"]))
                               for d, t in result["breakdowns"].items())}
    return render_template("analysis/summary.html", title=title, scope=scope, key=key,
                           result=result, dim_titles=DIM_TITLES, alts=alts,
                           min_count=_min_count(), three=three,
                           secondary=smallcounts.SECONDARY, suggested=_suggested_here(scope, key),
                           **(draft or _draft_form(scope, key, result)),
                           evolution_words=evolution_words,
                           **views_evolution.evolution_form(scope, key, result))


def _suggested_here(scope: str, key: str) -> int:
    """On a challenge's page: how many contributions carry it (or a sub-challenge) as a
    suggestion nobody confirmed, counted as the index counts them and shown apart ("suggestion
    à vérifier"); 0 on the other scopes."""
    if scope != "challenge":
        return 0
    node = get_scoped_or_404(Challenge, int(key))
    found = counts.count_rows(current_user.territory_id, node.contract_id, dims=(),
                              validated=False)
    return counts.totals(found).get(node.id, 0)


def draft_text(result: dict) -> str:
    """The draft of ``summary.challenge_summary`` as the section's paragraphs (one a line):
    "Ce qu'il faut retenir : …", "Points forts : …", "Points faibles : …", "Pistes
    proposées : …", "Citations : …"."""
    parts = {"retenir": _("Ce qu'il faut retenir"), "forts": _("Points forts"),
             "faibles": _("Points faibles"), "pistes": _("Pistes proposées")}
    lines = [labelled(title, " ".join(result["draft"][part]))
             for part, title in parts.items() if result["draft"][part]]
    if result["draft_quotes"]:
        lines.append(labelled(_("Citations"), " ".join(result["draft_quotes"])))
    return "\n".join(lines)


def challenge_draft(challenge_id: int) -> str:
    """The draft of a challenge of the current user's territory as its page computes it now
    (``draft_text``): what a validated text's figures are compared with (``services.stale``)."""
    return draft_text(_summary("challenge", str(challenge_id))[1])


def _draft_form(scope: str, key: str, result: dict) -> dict:
    """For a coordinator on a challenge of the current tree: the validation form, filled with
    the validated text or else the draft, whether it was validated, and ``stale``: the figures
    changed since the validation, each with the need it counts, when there are some
    (``services.stale``; the validated text stays in the section: the coordinator
    decides), with ``computed`` the draft of now to compare."""
    if scope != "challenge" or not has_role(current_user, COORDINATOR):
        return {}
    node = get_scoped_or_404(Challenge, int(key))
    if not node.is_current:
        return {}
    tid, computed = current_user.territory_id, draft_text(result)
    saved = section_texts(tid).get(f"theme-{node.code}")
    form = DraftForm(formdata=None, text=saved or computed, generated=computed)
    moved = stale(section_snapshots(tid).get(f"theme-{node.code}"), computed) if saved \
        else None
    return {"draft_form": form, "validated": bool(saved), "stale": moved,
            "computed": computed.splitlines()}


@bp.post("/challenge/<int:challenge_id>/draft")
@role_required(COORDINATOR)
def validate_draft(challenge_id: int):
    """The coordinator's text of a challenge enters the section (theme block) as saved;
    refused (422: the page again, the text as typed, a French message per fault) when a
    quote of its "Citations" line is no contribution's words or is signed without the
    person's consent (``analysis.citations``)."""
    node = get_scoped_or_404(Challenge, challenge_id)
    if not node.is_current:
        abort(404)
    form = DraftForm()
    if form.validate_on_submit():
        found = citations.faults(form.text.data, citations.published(current_user.territory_id))
        if found:  # refused, the text as typed kept in the form
            for fault in found:
                flash(fault, "error")
            return _summary_response("challenge", str(challenge_id),
                                     {"draft_form": form, "validated": False}), 422
        save_section_text(current_user.territory_id, f"theme-{node.code}", form.text.data,
                          current_user.id, computed=form.generated.data or None)
        flash(_("Texte validé : il entre dans la section du contrat.") if form.text.data.strip()
              else _("Texte retiré : la section ne reprend rien pour cet enjeu."), "success")
        warning = staff_text_warning(form.text.data)
        if warning:
            flash(warning, "warning")
    else:
        flash(" ".join(form.text.errors) or _("Le formulaire a expiré, recommencez."), "error")
    return redirect(url_for("analysis.summary_page", scope="challenge", key=challenge_id,
                            _anchor="brouillon"))


def _common() -> frozenset[str]:
    """The terms said about three in four of the territory's challenges or more: they name
    no group (``kept.common_terms``, learned from all its contributions)."""
    tid = current_user.territory_id
    return kept.common_terms(frames.contributions_frame(tid), frames.validated_tags(tid),
                             frames.challenges_frame(_contract()))


def _linked(scope: str, key: str) -> dict | None:
    """What the analyses' index prints about the page's contributions
    (``published.page_cells``): the page protects its own figures with them fixed."""
    contract, tid = _contract(), current_user.territory_id
    quartiers = frames.quartiers_frame(tid).drop_duplicates("quartier_id")
    return published.page_cells(tid, contract.id if contract else None,
                                tuple(int(q) for q in quartiers["quartier_id"]), scope, key)


def _summary(scope: str, key: str) -> tuple[str, dict, dict]:
    """(title, ``summary.challenge_summary``, ``summary.three_columns``) of a scope (or 404)."""
    title, frame = _scope(scope, key)
    result = kept.challenge_summary(frame, frames.labels(), _min_count(), frames.wording(),
                                    subject=title if scope == "challenge" else None,
                                    common=_common(), linked=_linked(scope, key),
                                    names=_places())
    left_out = column_texts.left_out(frame, summary.three_masks(frame))
    return title, result, {"columns": summary.three_columns(frame, _min_count()),
                           "few": summary.few_columns(frame, _min_count()),
                           "notes": {key: column_texts.notes(counts, _min_count())
                                     for key, counts in left_out.items()}}


@bp.get("/<scope>/<key>/<dim>.<fmt>")
@role_required(PARTNER)
def chart(scope: str, key: str, dim: str, fmt: str):
    """The chart of one breakdown, drawn from the same hidden-below-minimum figures."""
    if dim not in DIM_TITLES or fmt not in charts.FORMATS:
        abort(404)
    title, result, _three = kept_summary(scope, key)
    if not result["published"]:
        abort(404)
    # the page's own table: its cells hidden against everything the page prints
    table = result["breakdowns"][dim].dropna(subset=["count"])
    body = charts.bar_chart(table["label"].astype(str).tolist(), table["count"].tolist(),
                            f"{title} — {DIM_TITLES[dim]}", fmt)
    return Response(body, mimetype=charts.FORMATS[fmt],
                    headers={"Cache-Control": "private, max-age=300"})


@bp.get("/words")
@role_required(COORDINATOR)
def words():
    """The words that come back and the answers grouped by need, for a format or a kind."""
    filters = {k: request.args.get(k, "") for k in WORD_FILTERS}
    warming.note("analysis.words", *filters.values())  # computed again after each change
    found = kept_words(*filters.values())
    return render_template("analysis/words.html", filters=filters, labels=frames.labels(),
                           min_count=_min_count(), **found)


WORD_FILTERS = ("source_format", "kind", "source_label")


@warming.warmer("analysis.words")
def kept_words(*values: str) -> dict:
    """``_words`` of the filters' ``values`` (in ``WORD_FILTERS``' order) for the current
    data (``core.memo``: once per data version)."""
    filters = dict(zip(WORD_FILTERS, values, strict=True))
    return memo(current_user.territory_id, "analysis.words", lambda: _words(filters), *values)


def _words(filters: dict[str, str]) -> dict:
    """total, words (``text.key_terms``: per word, the answers writing it), the table of what
    the answers say (``said_groups.question_table``: each answer once, under the need it
    names first; its rows of ``_min_count`` answers or more), the base of their shares,
    whether they are atouts, and the sources to filter on, for the contributions matching
    ``filters`` (column -> value, "" = all)."""
    every = frames.contributions_frame(current_user.territory_id)
    frame = every
    for key, value in filters.items():
        if value:
            frame = frame[frame[key] == value]
    texts = frame["text"].fillna("").astype(str).reset_index(drop=True)
    found = _question_table(texts, every)
    groups = found["groups"]
    return {"total": len(texts),
            "base": {"base": found["base"], "set_aside": found["without_need"],
                     "examples": found["examples"]},
            "atouts": bool(len(frame)) and frame["kind"].eq("atout").all(),
            "needs": bool(len(frame)) and frame["kind"].isin(NEED_KINDS).all(),
            "words": content_memo("analysis.key_terms", lambda: tx.key_terms(texts, top=30),
                                  digest(texts)),
            "groups": groups[groups["count"] >= _min_count()].reset_index(drop=True),
            "sources": sorted(every["source_label"].dropna().unique())}


def _places() -> frozenset[str]:
    """Folded terms of the territory's quartier and commune names: never a need."""
    return grouping.place_terms(frames.quartiers_frame(current_user.territory_id))


def _question_table(texts, every) -> dict:
    """``said_groups.question_table`` of ``texts`` (the answers the words page shows), the
    very call of the section's survey tables and, on residents' answers, of a challenge's
    page (``said_rows``): the territory's places and common terms never a need, the texts a
    coordinator decided no challenge fits counted apart. Kept by its input."""
    tid = current_user.territory_id
    common = kept.common_terms(every, frames.validated_tags(tid),
                               frames.challenges_frame(_contract()))
    decided = tuple(autotag.decided_none(tid, texts.tolist()))
    names = _places()
    return content_memo("analysis.question_table",
                        lambda: said_groups.question_table(texts, names, common, decided),
                        digest(texts, names, frozenset(common), repr(decided)))


# its routes on ``bp`` (defined above), its form on the challenge's page
from participation.analysis import (  # noqa: E402, F401
    views_evolution,
    views_kind,
    views_review,
    views_said,
)
