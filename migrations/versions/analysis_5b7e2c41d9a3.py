"""every free-text survey answer is a contribution (backfill)

Answers to questions without challenges never became contributions: they are added now
(source "survey_answer", the answer's id), tagged with their question's challenges (origin
"question") when it has some. Tags copied from the question before this revision (origin
"manual" with nobody as tagger) become origin "question", so re-tagging a question moves them.
Untagged ones get their suggestion from `flask analysis suggest` (or the analyses page).

Revision ID: 5b7e2c41d9a3
Revises: 336b8093f078
Create Date: 2026-11-29 12:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '5b7e2c41d9a3'
down_revision = '336b8093f078'
branch_labels = None
depends_on = None

INSERT_CONTRIBUTIONS = """
INSERT INTO contribution (territory_id, text, kind, author_role, source_format, source_type,
    source_id, source_label, quartier_id, said_on, attribution_consent, status, created_at,
    updated_at)
SELECT s.territory_id, a.text, q.contribution_kind, 'habitant',
    CASE WHEN r.channel = 'micro_trottoir' THEN 'micro_trottoir' ELSE 'enquete' END,
    'survey_answer', a.id,
    CASE WHEN r.channel = 'micro_trottoir' AND r.place IS NOT NULL
         THEN s.title || ' — ' || r.place ELSE s.title END,
    r.quartier_id, {said_on}, :no, 'recue', r.submitted_at, r.submitted_at
FROM survey_answer a
JOIN survey_response r ON r.id = a.response_id
JOIN survey_question q ON q.id = a.question_id
JOIN survey s ON s.id = q.survey_id
WHERE q.personal = :no AND a.text IS NOT NULL AND TRIM(a.text) <> ''
  AND (q.type IN ('short_text', 'long_text') OR a.is_other = :yes)
  AND NOT EXISTS (SELECT 1 FROM contribution c
                  WHERE c.source_type = 'survey_answer' AND c.source_id = a.id)
"""
TAG_FROM_QUESTION = """
INSERT INTO contribution_challenge (contribution_id, challenge_id, origin, tagged_at)
SELECT c.id, qc.challenge_id, 'question', c.created_at
FROM contribution c
JOIN survey_answer a ON c.source_type = 'survey_answer' AND c.source_id = a.id
JOIN survey_question_challenge qc ON qc.question_id = a.question_id
WHERE NOT EXISTS (SELECT 1 FROM contribution_challenge t WHERE t.contribution_id = c.id)
"""
LEGACY_ORIGIN = """
UPDATE contribution_challenge SET origin = 'question'
WHERE origin = 'manual' AND tagged_by_id IS NULL
  AND EXISTS (SELECT 1 FROM contribution c
              JOIN survey_answer a ON c.source_type = 'survey_answer' AND c.source_id = a.id
              JOIN survey_question_challenge qc ON qc.question_id = a.question_id
              WHERE c.id = contribution_challenge.contribution_id
                AND qc.challenge_id = contribution_challenge.challenge_id)
"""


def upgrade():
    bind = op.get_bind()
    said_on = ("date(r.submitted_at)" if bind.dialect.name == "sqlite"
               else "CAST(r.submitted_at AS DATE)")
    flags = {"no": False, "yes": True}
    bind.execute(sa.text(LEGACY_ORIGIN))
    bind.execute(sa.text(INSERT_CONTRIBUTIONS.format(said_on=said_on)), flags)
    bind.execute(sa.text(TAG_FROM_QUESTION))


def downgrade():
    # The added contributions cannot be told apart from recorded ones once reviewed: kept.
    op.get_bind().execute(sa.text(
        "UPDATE contribution_challenge SET origin = 'manual' WHERE origin = 'question'"))
