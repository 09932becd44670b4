"""read model: event_csv holds each event's CSV export line, so the export reads stored text

The CSV export rendered each line in the database at read time (~26 us an event at 1M events, mostly the
two participant lists), which held it near 25k rows per CPU-second against a 50k target; the NDJSON
export, which reads event_doc, ran at ~120k. Now the line is rendered at write time like the document:
app/events/readmodel.py ``refresh`` renders event_doc and event_csv for the events 0008's triggers noted,
in the writing transaction. A CSV line holds nothing those triggers do not note (the event's columns, its
countries, its participants and the actors they name), so no new trigger is needed.

A line is stored in two parts around ``confidence``, which Python prints at read time (repr, as
csv.writer does; SQLite's float-to-text keeps only 15 digits), so the bytes are those csv.writer wrote.

The existing events are rendered here with the line expression of this revision (frozen below, as
app/events/csv_lines.py ``lines_select(dialect, "true")`` wrote it): a later change of the line renders
again in its own migration.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 15:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_LINES = (
    "SELECT e.id AS event_id, printf('%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s', "
    "e.id, e.type, CASE e.type WHEN 'talks' THEN 'CONSULT' WHEN 'agreement' THEN 'AGREE' WHEN "
    "'agreement_ended' THEN 'RETREAT' WHEN 'request' THEN 'REQUEST' WHEN 'removal' THEN 'COERCE' "
    "WHEN 'criticism' THEN 'ACCUSE' WHEN 'support' THEN 'SUPPORT' WHEN 'aid' THEN 'AID' WHEN "
    "'protest' THEN 'PROTEST' END, e.policy_area, CASE e.date_precision WHEN 'year' THEN "
    "substr(e.date, 1, 4) WHEN 'month' THEN substr(e.date, 1, 7) ELSE e.date END, e.date_precision, "
    "e.people_count, CASE WHEN e.background THEN 'true' ELSE 'false' END, CASE WHEN "
    "(instr(e.summary, ',') OR instr(e.summary, '\"') OR instr(e.summary, char(10)) OR "
    "instr(e.summary, char(13))) THEN '\"' || replace(CASE WHEN substr(e.summary, 1, 1) IN ('=', '+', "
    "'-', '@', char(9), char(13)) THEN '''' || e.summary ELSE e.summary END, '\"', '\"\"') || '\"' ELSE "
    "coalesce(CASE WHEN substr(e.summary, 1, 1) IN ('=', '+', '-', '@', char(9), char(13)) THEN '''' "
    "|| e.summary ELSE e.summary END, '') END, (SELECT group_concat(country, '|') FROM (SELECT "
    "country FROM event_country WHERE event_id = e.id ORDER BY country)), coalesce((SELECT "
    "printf('%s,%s,%s,%s', group_concat(a.id, '|'), CASE WHEN "
    "(instr(group_concat(replace(replace(a.name, '\\', '\\\\'), '|', '\\|'), '|'), ',') OR "
    "instr(group_concat(replace(replace(a.name, '\\', '\\\\'), '|', '\\|'), '|'), '\"') OR "
    "instr(group_concat(replace(replace(a.name, '\\', '\\\\'), '|', '\\|'), '|'), char(10)) OR "
    "instr(group_concat(replace(replace(a.name, '\\', '\\\\'), '|', '\\|'), '|'), char(13))) THEN '\"' || "
    "replace(CASE WHEN substr(group_concat(replace(replace(a.name, '\\', '\\\\'), '|', '\\|'), '|'), 1, "
    "1) IN ('=', '+', '-', '@', char(9), char(13)) THEN '''' || group_concat(replace(replace(a.name, "
    "'\\', '\\\\'), '|', '\\|'), '|') ELSE group_concat(replace(replace(a.name, '\\', '\\\\'), '|', '\\|'), "
    "'|') END, '\"', '\"\"') || '\"' ELSE coalesce(CASE WHEN substr(group_concat(replace(replace(a.name, "
    "'\\', '\\\\'), '|', '\\|'), '|'), 1, 1) IN ('=', '+', '-', '@', char(9), char(13)) THEN '''' || "
    "group_concat(replace(replace(a.name, '\\', '\\\\'), '|', '\\|'), '|') ELSE "
    "group_concat(replace(replace(a.name, '\\', '\\\\'), '|', '\\|'), '|') END, '') END, "
    "group_concat(a.kind, '|'), group_concat(coalesce(a.country, ''), '|')) FROM event_participant "
    "AS ep JOIN actor AS a ON a.id = ep.actor_id WHERE ep.event_id = e.id AND ep.role = 'actor'), "
    "',,,'), coalesce((SELECT printf('%s,%s,%s,%s', group_concat(a.id, '|'), CASE WHEN "
    "(instr(group_concat(replace(replace(a.name, '\\', '\\\\'), '|', '\\|'), '|'), ',') OR "
    "instr(group_concat(replace(replace(a.name, '\\', '\\\\'), '|', '\\|'), '|'), '\"') OR "
    "instr(group_concat(replace(replace(a.name, '\\', '\\\\'), '|', '\\|'), '|'), char(10)) OR "
    "instr(group_concat(replace(replace(a.name, '\\', '\\\\'), '|', '\\|'), '|'), char(13))) THEN '\"' || "
    "replace(CASE WHEN substr(group_concat(replace(replace(a.name, '\\', '\\\\'), '|', '\\|'), '|'), 1, "
    "1) IN ('=', '+', '-', '@', char(9), char(13)) THEN '''' || group_concat(replace(replace(a.name, "
    "'\\', '\\\\'), '|', '\\|'), '|') ELSE group_concat(replace(replace(a.name, '\\', '\\\\'), '|', '\\|'), "
    "'|') END, '\"', '\"\"') || '\"' ELSE coalesce(CASE WHEN substr(group_concat(replace(replace(a.name, "
    "'\\', '\\\\'), '|', '\\|'), '|'), 1, 1) IN ('=', '+', '-', '@', char(9), char(13)) THEN '''' || "
    "group_concat(replace(replace(a.name, '\\', '\\\\'), '|', '\\|'), '|') ELSE "
    "group_concat(replace(replace(a.name, '\\', '\\\\'), '|', '\\|'), '|') END, '') END, "
    "group_concat(a.kind, '|'), group_concat(coalesce(a.country, ''), '|')) FROM event_participant "
    "AS ep JOIN actor AS a ON a.id = ep.actor_id WHERE ep.event_id = e.id AND ep.role = "
    "'recipient'), ',,,'), e.article_id, e.start, e.\"end\", CASE WHEN (instr(e.evidence_text, ',') OR "
    "instr(e.evidence_text, '\"') OR instr(e.evidence_text, char(10)) OR instr(e.evidence_text, "
    "char(13))) THEN '\"' || replace(CASE WHEN substr(e.evidence_text, 1, 1) IN ('=', '+', '-', '@', "
    "char(9), char(13)) THEN '''' || e.evidence_text ELSE e.evidence_text END, '\"', '\"\"') || '\"' "
    "ELSE coalesce(CASE WHEN substr(e.evidence_text, 1, 1) IN ('=', '+', '-', '@', char(9), "
    "char(13)) THEN '''' || e.evidence_text ELSE e.evidence_text END, '') END, "
    "coalesce(e.annotator_kind, 'machine'), CASE WHEN (instr(coalesce(e.annotator, 'unknown'), ',') "
    "OR instr(coalesce(e.annotator, 'unknown'), '\"') OR instr(coalesce(e.annotator, 'unknown'), "
    "char(10)) OR instr(coalesce(e.annotator, 'unknown'), char(13))) THEN '\"' || replace(CASE WHEN "
    "substr(coalesce(e.annotator, 'unknown'), 1, 1) IN ('=', '+', '-', '@', char(9), char(13)) THEN "
    "'''' || coalesce(e.annotator, 'unknown') ELSE coalesce(e.annotator, 'unknown') END, '\"', '\"\"') "
    "|| '\"' ELSE coalesce(CASE WHEN substr(coalesce(e.annotator, 'unknown'), 1, 1) IN ('=', '+', "
    "'-', '@', char(9), char(13)) THEN '''' || coalesce(e.annotator, 'unknown') ELSE "
    "coalesce(e.annotator, 'unknown') END, '') END, CASE WHEN (instr(e.annotator_version, ',') OR "
    "instr(e.annotator_version, '\"') OR instr(e.annotator_version, char(10)) OR "
    "instr(e.annotator_version, char(13))) THEN '\"' || replace(CASE WHEN substr(e.annotator_version, "
    "1, 1) IN ('=', '+', '-', '@', char(9), char(13)) THEN '''' || e.annotator_version ELSE "
    "e.annotator_version END, '\"', '\"\"') || '\"' ELSE coalesce(CASE WHEN substr(e.annotator_version, "
    "1, 1) IN ('=', '+', '-', '@', char(9), char(13)) THEN '''' || e.annotator_version ELSE "
    "e.annotator_version END, '') END) || ',' AS head, ',' || printf('%s,%s', e.review_state, "
    "replace(CASE WHEN substr(e.created_at, 21) = '000000' THEN substr(e.created_at, 1, 19) ELSE "
    "e.created_at END, ' ', 'T') || 'Z') || char(13) || char(10) AS tail FROM event AS e WHERE true "
    "ORDER BY e.id"
)

POSTGRES_LINES = (
    "SELECT cells.event_id, concat_ws(',', coalesce(CAST(cells.c0 AS TEXT), ''), "
    "coalesce(CAST(cells.c1 AS TEXT), ''), coalesce(CAST(cells.c2 AS TEXT), ''), "
    "coalesce(CAST(cells.c3 AS TEXT), ''), coalesce(CAST(cells.c4 AS TEXT), ''), "
    "coalesce(CAST(cells.c5 AS TEXT), ''), coalesce(CAST(cells.c6 AS TEXT), ''), "
    "coalesce(CAST(cells.c7 AS TEXT), ''), CASE WHEN cells.c8 ~ ('[\",' || chr(10) || chr(13) || ']') "
    "THEN '\"' || replace(CASE WHEN left(cells.c8, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN "
    "'''' || cells.c8 ELSE cells.c8 END, '\"', '\"\"') || '\"' ELSE coalesce(CASE WHEN left(cells.c8, 1) "
    "IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || cells.c8 ELSE cells.c8 END, '') END, "
    "coalesce(CAST(cells.c9 AS TEXT), ''), coalesce(CAST(cells.c10 AS TEXT), ''), CASE WHEN "
    "cells.c11 ~ ('[\",' || chr(10) || chr(13) || ']') THEN '\"' || replace(CASE WHEN left(cells.c11, "
    "1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || cells.c11 ELSE cells.c11 END, '\"', "
    "'\"\"') || '\"' ELSE coalesce(CASE WHEN left(cells.c11, 1) IN ('=', '+', '-', '@', chr(9), "
    "chr(13)) THEN '''' || cells.c11 ELSE cells.c11 END, '') END, coalesce(CAST(cells.c12 AS TEXT), "
    "''), coalesce(CAST(cells.c13 AS TEXT), ''), coalesce(CAST(cells.c14 AS TEXT), ''), CASE WHEN "
    "cells.c15 ~ ('[\",' || chr(10) || chr(13) || ']') THEN '\"' || replace(CASE WHEN left(cells.c15, "
    "1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || cells.c15 ELSE cells.c15 END, '\"', "
    "'\"\"') || '\"' ELSE coalesce(CASE WHEN left(cells.c15, 1) IN ('=', '+', '-', '@', chr(9), "
    "chr(13)) THEN '''' || cells.c15 ELSE cells.c15 END, '') END, coalesce(CAST(cells.c16 AS TEXT), "
    "''), coalesce(CAST(cells.c17 AS TEXT), ''), coalesce(CAST(cells.c18 AS TEXT), ''), "
    "coalesce(CAST(cells.c19 AS TEXT), ''), coalesce(CAST(cells.c20 AS TEXT), ''), CASE WHEN "
    "cells.c21 ~ ('[\",' || chr(10) || chr(13) || ']') THEN '\"' || replace(CASE WHEN left(cells.c21, "
    "1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || cells.c21 ELSE cells.c21 END, '\"', "
    "'\"\"') || '\"' ELSE coalesce(CASE WHEN left(cells.c21, 1) IN ('=', '+', '-', '@', chr(9), "
    "chr(13)) THEN '''' || cells.c21 ELSE cells.c21 END, '') END, coalesce(CAST(cells.c22 AS TEXT), "
    "''), CASE WHEN cells.c23 ~ ('[\",' || chr(10) || chr(13) || ']') THEN '\"' || replace(CASE WHEN "
    "left(cells.c23, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || cells.c23 ELSE "
    "cells.c23 END, '\"', '\"\"') || '\"' ELSE coalesce(CASE WHEN left(cells.c23, 1) IN ('=', '+', '-', "
    "'@', chr(9), chr(13)) THEN '''' || cells.c23 ELSE cells.c23 END, '') END, CASE WHEN cells.c24 ~ "
    "('[\",' || chr(10) || chr(13) || ']') THEN '\"' || replace(CASE WHEN left(cells.c24, 1) IN ('=', "
    "'+', '-', '@', chr(9), chr(13)) THEN '''' || cells.c24 ELSE cells.c24 END, '\"', '\"\"') || '\"' "
    "ELSE coalesce(CASE WHEN left(cells.c24, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' "
    "|| cells.c24 ELSE cells.c24 END, '') END) || ',' AS head, ',' || concat_ws(',', "
    "coalesce(CAST(cells.c26 AS TEXT), ''), coalesce(CAST(cells.c27 AS TEXT), '')) || chr(13) || "
    "chr(10) AS tail FROM (SELECT e.id AS event_id, e.id AS c0, e.type AS c1, CASE e.type WHEN "
    "'talks' THEN 'CONSULT' WHEN 'agreement' THEN 'AGREE' WHEN 'agreement_ended' THEN 'RETREAT' WHEN "
    "'request' THEN 'REQUEST' WHEN 'removal' THEN 'COERCE' WHEN 'criticism' THEN 'ACCUSE' WHEN "
    "'support' THEN 'SUPPORT' WHEN 'aid' THEN 'AID' WHEN 'protest' THEN 'PROTEST' END AS c2, "
    "e.policy_area AS c3, CASE e.date_precision WHEN 'year' THEN to_char(e.date, 'YYYY') WHEN "
    "'month' THEN to_char(e.date, 'YYYY-MM') ELSE to_char(e.date, 'YYYY-MM-DD') END AS c4, "
    "e.date_precision AS c5, e.people_count AS c6, CASE WHEN e.background THEN 'true' ELSE 'false' "
    "END AS c7, e.summary AS c8, (SELECT string_agg(c.country, '|' ORDER BY c.country) FROM "
    "event_country AS c WHERE c.event_id = e.id) AS c9, (SELECT string_agg(a.id::text, '|' ORDER BY "
    "a.id) FROM event_participant AS ep JOIN actor AS a ON a.id = ep.actor_id WHERE ep.event_id = "
    "e.id AND ep.role = 'actor') AS c10, (SELECT string_agg(replace(replace(a.name, '\\', '\\\\'), '|', "
    "'\\|'), '|' ORDER BY a.id) FROM event_participant AS ep JOIN actor AS a ON a.id = ep.actor_id "
    "WHERE ep.event_id = e.id AND ep.role = 'actor') AS c11, (SELECT string_agg(a.kind, '|' ORDER BY "
    "a.id) FROM event_participant AS ep JOIN actor AS a ON a.id = ep.actor_id WHERE ep.event_id = "
    "e.id AND ep.role = 'actor') AS c12, (SELECT string_agg(coalesce(a.country, ''), '|' ORDER BY "
    "a.id) FROM event_participant AS ep JOIN actor AS a ON a.id = ep.actor_id WHERE ep.event_id = "
    "e.id AND ep.role = 'actor') AS c13, (SELECT string_agg(a.id::text, '|' ORDER BY a.id) FROM "
    "event_participant AS ep JOIN actor AS a ON a.id = ep.actor_id WHERE ep.event_id = e.id AND "
    "ep.role = 'recipient') AS c14, (SELECT string_agg(replace(replace(a.name, '\\', '\\\\'), '|', "
    "'\\|'), '|' ORDER BY a.id) FROM event_participant AS ep JOIN actor AS a ON a.id = ep.actor_id "
    "WHERE ep.event_id = e.id AND ep.role = 'recipient') AS c15, (SELECT string_agg(a.kind, '|' "
    "ORDER BY a.id) FROM event_participant AS ep JOIN actor AS a ON a.id = ep.actor_id WHERE "
    "ep.event_id = e.id AND ep.role = 'recipient') AS c16, (SELECT string_agg(coalesce(a.country, "
    "''), '|' ORDER BY a.id) FROM event_participant AS ep JOIN actor AS a ON a.id = ep.actor_id "
    "WHERE ep.event_id = e.id AND ep.role = 'recipient') AS c17, e.article_id AS c18, e.start AS "
    "c19, e.\"end\" AS c20, e.evidence_text AS c21, coalesce(e.annotator_kind, 'machine') AS c22, "
    "coalesce(e.annotator, 'unknown') AS c23, e.annotator_version AS c24, e.confidence * 1.0 AS c25, "
    "e.review_state AS c26, to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
    "CASE WHEN date_part('microseconds', e.created_at)::int % 1000000 = 0 THEN '' ELSE "
    "to_char(e.created_at AT TIME ZONE 'UTC', '.US') END || 'Z' AS c27 FROM event AS e WHERE true "
    "OFFSET 0) AS cells ORDER BY cells.event_id"
)


def upgrade() -> None:
    op.create_table(
        "event_csv",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("head", sa.Text(), nullable=False),
        sa.Column("tail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name="fk_event_csv_event_id_event", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", name="pk_event_csv"),
    )
    lines = POSTGRES_LINES if op.get_bind().dialect.name == "postgresql" else SQLITE_LINES
    op.execute(f"INSERT INTO event_csv (event_id, head, tail) {lines}")


def downgrade() -> None:
    op.drop_table("event_csv")
