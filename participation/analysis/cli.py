"""``flask analysis suggest --territory SLUG``: suggestions for every untagged contribution.
``flask analysis suggest-pending``: suggestions for the queued free texts (analysis/pending.py).
``flask analysis tag-texts FILE.csv --territory SLUG [--learn-from LABELLED.csv] [--json]``:
the same suggestions and groups for texts outside the database."""
from __future__ import annotations

import io
import json
from pathlib import Path

import click
import pandas as pd
from flask.cli import AppGroup

analysis_cli = AppGroup("analysis", help="Analyses of what residents said.")


def _territory(slug: str):
    from sqlalchemy import select

    from participation.extensions import db
    from participation.territory.models import Territory

    territory = db.session.scalar(select(Territory).where(Territory.slug == slug))
    if territory is None:
        raise click.ClickException(f"Aucun territoire « {slug} ».")
    return territory


@analysis_cli.command("suggest")
@click.option("--territory", "slug", required=True, help="Slug of the territory.")
def suggest_command(slug: str) -> None:
    """Store the best suggested challenge on every contribution without any (after the upgrade
    that turned every free-text survey answer into a contribution)."""
    from participation.analysis.autotag import suggest_territory

    count = suggest_territory(_territory(slug).id)
    click.echo(f"{count} contributions ont reçu un enjeu suggéré (à vérifier).")


@analysis_cli.command("suggest-pending")
@click.option("--every", type=float, default=None,
              help="Keep draining, every SECONDS (a worker of its own, with "
                   "SUGGESTIONS_DELAY=-1 for the web workers).")
@click.option("--rounds", type=int, default=None, help="With --every: stop after N drains.")
def suggest_pending_command(every: float | None, rounds: int | None) -> None:
    """Store the suggested challenge of every queued free text (``analysis.pending``): once
    (after a crash), or every ``--every`` seconds as a worker that keeps word vectors out of
    the web workers."""
    import time

    from participation.analysis.pending import drain

    done = 0
    while True:
        count = drain()
        click.echo(f"{count} contributions ont reçu un enjeu suggéré (à vérifier).")
        done += 1
        if every is None or (rounds is not None and done >= rounds):
            return
        time.sleep(every)


def _read_csv(path: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """A CSV (separator ",", ";" or tab, read from its header; UTF-8 with or without BOM) that
    must have ``columns``; a clear French message otherwise."""
    try:
        content = Path(path).read_text(encoding="utf-8-sig")
        header = content.split("\n", 1)[0]
        sep = max((",", ";", "\t"), key=header.count)
        frame = pd.read_csv(io.StringIO(content), sep=sep, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise click.ClickException(f"Lecture impossible de {path} : {error}") from error
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise click.ClickException(f"{path} : colonne(s) manquante(s) : {', '.join(missing)}.")
    return frame


def _corrections(path: str | None, codes: dict[str, int]) -> pd.DataFrame:
    """``text,challenge`` rows (codes, several joined by ";") as the review queue's manual tags
    [doc, text, challenge_id]; an unknown code stops with its line number."""
    rows: list[tuple[int, str, int]] = []
    if path is None:
        return pd.DataFrame(rows, columns=["doc", "text", "challenge_id"])
    for line, (text, raw) in enumerate(_read_csv(path, ("text", "challenge"))[
            ["text", "challenge"]].itertuples(index=False), start=2):
        for code in filter(None, (c.strip() for c in raw.replace(",", ";").split(";"))):
            if code not in codes:
                raise click.ClickException(f"{path}, ligne {line} : enjeu inconnu « {code} ».")
            rows.append((-line, text, codes[code]))
    return pd.DataFrame(rows, columns=["doc", "text", "challenge_id"])


def tag_texts(texts: pd.Series, challenges: pd.DataFrame, tagged: pd.DataFrame,
              common: frozenset[str] = frozenset()) -> list[dict]:
    """Per text: its suggested challenge codes best first with the reasons, and its group.

    ``challenges``: the current tree [id, code, name, keywords]; ``tagged``: manual tags
    [doc, text, challenge_id] (the territory's and the ``--learn-from`` corrections);
    ``common``: the territory's terms that name no group (``kept.common_terms``).
    Each item: {text, group (label, None when the text names no need), group_challenge
    (the code it is grouped under, None without a suggestion), suggestions}.
    """
    from participation.analysis import autotag, tagging

    model = autotag.model_from(challenges, tagged)
    found = tagging.suggest(texts, model)
    code = dict(zip(challenges["id"], challenges["code"], strict=True))
    first = found.drop_duplicates("doc").set_index("doc")["challenge_id"].map(code)
    label = grouped_by_challenge(texts, first, common)
    out = []
    for doc, text in texts.items():
        rows = found[found["doc"] == doc]
        out.append({"text": text, "group": label.get(doc), "group_challenge": first.get(doc),
                    "suggestions": [
                        {"challenge": code[r.challenge_id], "score": r.score,
                         "keywords": r.keywords, "learned": r.learned, "near": r.near,
                         "examples": r.examples} for r in rows.itertuples()]})
    return out


def grouped_by_challenge(texts: pd.Series, challenge: pd.Series,
                         common: frozenset[str] = frozenset()) -> dict:
    """Index label of ``texts`` -> the label of its group, the texts grouped challenge by
    challenge as the analyses group a challenge's contributions (``challenge``: index label ->
    its best suggested challenge; texts without one are grouped together): "un bus le soir"
    tagged Mobilité is not put with "la sécurité le soir" tagged Sécurité; an answer naming
    several needs ("y a pas de docteur, faut aller a l'hopital") is labelled by the group
    of the need it names first (its first segment's). Measured on the
    held-out answers (``bench/analysis_quality.py``, "command line"): ARI 0.33 against 0.26
    for every text grouped at once (2026-11-30)."""
    from participation.analysis import grouping

    under = texts.index.map(lambda doc: challenge.get(doc, ""))
    label: dict = {}
    for _code, part in texts.groupby(under.to_numpy(), sort=True):
        answers = grouping.canonical(part)
        assigned = grouping.assign_groups(answers, common=common)
        groups = grouping.group_table(assigned, answers, common=common)
        named: dict = {}
        for row in groups.itertuples():
            for doc in row.answers:
                named.setdefault(doc, {})[row.group] = row.label
        for doc, group in assigned.drop_duplicates("answer")[["answer", "group"]].itertuples(
                index=False):  # an answer's first segment: the need it names first
            label[doc] = named[doc].get(group, next(iter(named[doc].values())))
    return label


@analysis_cli.command("tag-texts")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--territory", "slug", required=True, help="Slug of the territory.")
@click.option("--learn-from", "labelled", type=click.Path(exists=True, dir_okay=False),
              help="CSV text,challenge (codes): corrections learned like the review queue's.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def tag_texts_command(path: str, slug: str, labelled: str | None, as_json: bool) -> None:
    """Suggested challenges (best first, with reasons) and group of each text of PATH (CSV with
    a ``text`` column), as the analyses would store them; nothing is written."""
    from participation.analysis import frames, kept

    territory = _territory(slug)
    every = frames.challenges_frame(territory.current_contract)
    common = kept.common_terms(frames.contributions_frame(territory.id),
                               frames.validated_tags(territory.id), every)
    challenges = every[every["current"]].reset_index(drop=True)
    codes = dict(zip(challenges["code"], challenges["id"], strict=True))
    tagged = pd.concat([frames.manual_tags(territory.id), _corrections(labelled, codes)],
                       ignore_index=True)
    texts = _read_csv(path, ("text",))["text"].str.strip()
    result = tag_texts(texts[texts != ""], challenges, tagged, common)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    for item in result:
        best = ", ".join(s["challenge"] for s in item["suggestions"]) or "—"
        click.echo(f"{item['text']}\t{best}\t{item['group'] or '—'}")
