-- The congress's resolution, its targets (chỉ tiêu), their yearly reviews and the yearly rating
-- counts the reviews are derived from (DOMAIN.md "Targets and yearly review").

-- One resolution per congress, adopted by vote of those present. The vote is checked against the
-- congress's attendance in the store (a CHECK cannot read another table).
CREATE TABLE resolutions (
    id            INTEGER PRIMARY KEY,
    congress_id   INTEGER NOT NULL UNIQUE REFERENCES congresses(id),
    adopted_on    TEXT    NOT NULL CHECK (length(adopted_on) = 10),
    votes_for     INTEGER NOT NULL DEFAULT 0 CHECK (votes_for >= 0),
    votes_against INTEGER NOT NULL DEFAULT 0 CHECK (votes_against >= 0),
    votes_abstain INTEGER NOT NULL DEFAULT 0 CHECK (votes_abstain >= 0),
    sample        INTEGER NOT NULL DEFAULT 0,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    CHECK (votes_for + votes_against + votes_abstain >= 1)
);

-- The text of the resolution, section by section ("Mục tiêu tổng quát", "Nhiệm vụ, giải pháp" …).
CREATE TABLE resolution_sections (
    resolution_id INTEGER NOT NULL REFERENCES resolutions(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL CHECK (position >= 1),
    title         TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    body          TEXT    NOT NULL DEFAULT '' CHECK (length(body) <= 20000),
    PRIMARY KEY (resolution_id, position)
);

-- Targets of a congress's resolution. Several may share one sentence; a sub-target ("trong đó …")
-- points at its main target and says which whole its share is taken of.
CREATE TABLE targets (
    id             INTEGER PRIMARY KEY,
    congress_id    INTEGER NOT NULL REFERENCES congresses(id),
    position       INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0),
    sentence       TEXT    NOT NULL CHECK (length(sentence) BETWEEN 1 AND 2000),
    subject        TEXT    NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
    comparator     TEXT    NOT NULL CHECK (comparator IN ('>=', '>', '=', 'range', '<=', '<', 'none')),
    value          REAL    NOT NULL DEFAULT 0 CHECK (value >= 0),
    value_high     REAL    NOT NULL DEFAULT 0 CHECK (value_high >= 0),
    unit           TEXT    NOT NULL CHECK (unit IN ('percent', 'permille', 'people', 'money', 'count')),
    period         TEXT    NOT NULL CHECK (period IN ('yearly', 'average_per_year', 'term_total', 'by_year_end')),
    by_year        INTEGER NOT NULL DEFAULT 0,
    category       TEXT    NOT NULL CHECK (category IN ('economy', 'culture_society', 'defence_security', 'party_building')),
    parent_id      INTEGER REFERENCES targets(id),
    share_of       TEXT    NOT NULL DEFAULT '' CHECK (share_of IN ('', 'parent_numerator', 'parent_base', 'text')),
    base           TEXT    NOT NULL DEFAULT '' CHECK (length(base) <= 300),
    -- Which yearly rating counts the target's reviews are derived from, and which count it reads;
    -- both empty when the reviews are typed.
    rating_subject TEXT    NOT NULL DEFAULT '' CHECK (rating_subject IN ('', 'cells', 'members', 'officials')),
    measure        TEXT    NOT NULL DEFAULT '' CHECK (measure IN ('', 'good_or_better', 'excellent', 'completed_or_better', 'not_completed')),
    sample         INTEGER NOT NULL DEFAULT 0,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    CHECK ((period = 'by_year_end') = (by_year > 0)),
    CHECK (comparator = 'range' OR value_high = 0),
    CHECK (comparator <> 'none' OR value = 0),
    CHECK (parent_id IS NULL OR parent_id <> id),
    CHECK ((rating_subject = '') = (measure = ''))
);
CREATE INDEX targets_congress ON targets(congress_id, position);
CREATE INDEX targets_parent ON targets(parent_id);

-- The actual figures of a target for one year of the term: numerator of denominator ("19 of 20
-- members rated good or better"), with the report they come from. A share needs a denominator
-- (checked in the store, which knows the unit); a head count or an amount may leave it 0.
-- note is the auditor's remark (ủy ban kiểm tra), written only by auditors and kept apart from the
-- figures the secretary enters.
CREATE TABLE target_reviews (
    id          INTEGER PRIMARY KEY,
    target_id   INTEGER NOT NULL REFERENCES targets(id),
    year        INTEGER NOT NULL CHECK (year BETWEEN 1930 AND 2200),
    numerator   INTEGER NOT NULL CHECK (numerator >= 0),
    denominator INTEGER NOT NULL DEFAULT 0 CHECK (denominator >= 0),
    source      TEXT    NOT NULL CHECK (length(source) BETWEEN 1 AND 1000),
    note        TEXT    NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    note_by     INTEGER REFERENCES users(id),
    note_at     TEXT    NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES users(id),
    sample      INTEGER NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    UNIQUE (target_id, year),
    CHECK (denominator = 0 OR numerator <= denominator)
);

-- Yearly rating counts per level (QĐ 124-QĐ/TW 2023, QĐ 366-QĐ/TW 2025), entered once per year and
-- subject; the reviews of the targets that read them are derived from these.
CREATE TABLE rating_counts (
    id            INTEGER PRIMARY KEY,
    congress_id   INTEGER NOT NULL REFERENCES congresses(id),
    year          INTEGER NOT NULL CHECK (year BETWEEN 1930 AND 2200),
    subject       TEXT    NOT NULL CHECK (subject IN ('cells', 'members', 'officials')),
    excellent     INTEGER NOT NULL DEFAULT 0 CHECK (excellent >= 0),
    good          INTEGER NOT NULL DEFAULT 0 CHECK (good >= 0),
    completed     INTEGER NOT NULL DEFAULT 0 CHECK (completed >= 0),
    not_completed INTEGER NOT NULL DEFAULT 0 CHECK (not_completed >= 0),
    source        TEXT    NOT NULL CHECK (length(source) BETWEEN 1 AND 1000),
    sample        INTEGER NOT NULL DEFAULT 0,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    UNIQUE (congress_id, year, subject),
    CHECK (excellent + good + completed + not_completed >= 1)
);

-- The auditor's view filters the trail by user, entity and date.
CREATE INDEX audit_username ON audit_log(username, id);
CREATE INDEX audit_entity ON audit_log(entity, entity_id, id);
