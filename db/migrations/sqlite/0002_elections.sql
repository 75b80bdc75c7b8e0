-- Elections at the congress: candidates, rounds, ballots, and the running document numbers.

CREATE TABLE persons (
    id           INTEGER PRIMARY KEY,
    congress_id  INTEGER NOT NULL REFERENCES congresses(id),
    full_name    TEXT    NOT NULL CHECK (length(full_name) BETWEEN 1 AND 400),
    birth_date   TEXT    NOT NULL DEFAULT '',
    gender       TEXT    NOT NULL DEFAULT '' CHECK (gender IN ('', 'male', 'female')),
    ethnicity    TEXT    NOT NULL DEFAULT '',
    religion     TEXT    NOT NULL DEFAULT '',
    home_town    TEXT    NOT NULL DEFAULT '',
    position     TEXT    NOT NULL DEFAULT '',
    joined_on    TEXT    NOT NULL DEFAULT '',
    official_on  TEXT    NOT NULL DEFAULT '',
    education    TEXT    NOT NULL DEFAULT '',
    degree       TEXT    NOT NULL DEFAULT '',
    theory_level TEXT    NOT NULL DEFAULT '',
    incumbent    INTEGER NOT NULL DEFAULT 0,
    name_fold    TEXT    NOT NULL DEFAULT '',
    sample       INTEGER NOT NULL DEFAULT 0,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT    NOT NULL,
    UNIQUE (congress_id, full_name, birth_date)
);
CREATE INDEX persons_congress ON persons(congress_id);

CREATE TABLE elections (
    id                  INTEGER PRIMARY KEY,
    congress_id         INTEGER NOT NULL REFERENCES congresses(id),
    body                TEXT    NOT NULL CHECK (body IN ('executive', 'cell_committee', 'delegate_official',
                        'delegate_alternate', 'standing', 'secretary', 'deputy_secretary', 'inspection', 'inspection_chair')),
    seats               INTEGER NOT NULL CHECK (seats >= 1),
    list_kind           TEXT    NOT NULL CHECK (list_kind IN ('surplus', 'agree_disagree')),
    decision            TEXT    NOT NULL DEFAULT '',
    state               TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
    appointed_person_id INTEGER REFERENCES persons(id),
    appointment_note    TEXT    NOT NULL DEFAULT '',
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT    NOT NULL,
    UNIQUE (congress_id, body)
);

CREATE TABLE candidates (
    election_id  INTEGER NOT NULL REFERENCES elections(id) ON DELETE CASCADE,
    person_id    INTEGER NOT NULL REFERENCES persons(id),
    nominated_by TEXT    NOT NULL DEFAULT 'committee' CHECK (nominated_by IN ('committee', 'floor', 'self')),
    floor_agree  INTEGER NOT NULL DEFAULT 0 CHECK (floor_agree >= 0),
    note         TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (election_id, person_id)
);

CREATE TABLE rounds (
    id                          INTEGER PRIMARY KEY,
    election_id                 INTEGER NOT NULL REFERENCES elections(id),
    number                      INTEGER NOT NULL CHECK (number >= 1),
    seats                       INTEGER NOT NULL CHECK (seats >= 1),
    convened                    INTEGER NOT NULL DEFAULT 0 CHECK (convened >= 0),
    present                     INTEGER NOT NULL DEFAULT 0 CHECK (present BETWEEN 0 AND convened),
    temporarily_attached_absent INTEGER NOT NULL DEFAULT 0 CHECK (temporarily_attached_absent >= 0),
    exempt_absent               INTEGER NOT NULL DEFAULT 0 CHECK (exempt_absent >= 0),
    suspended                   INTEGER NOT NULL DEFAULT 0 CHECK (suspended >= 0),
    absent_with_reason          INTEGER NOT NULL DEFAULT 0 CHECK (absent_with_reason >= 0),
    committee_absent            INTEGER NOT NULL DEFAULT 0 CHECK (committee_absent >= 0),
    absent_not_replaced         INTEGER NOT NULL DEFAULT 0 CHECK (absent_not_replaced >= 0),
    entry_mode                  TEXT    NOT NULL CHECK (entry_mode IN ('totals', 'ballots')),
    double_entry                INTEGER NOT NULL DEFAULT 0,
    issued                      INTEGER NOT NULL DEFAULT 0 CHECK (issued >= 0),
    collected                   INTEGER NOT NULL DEFAULT 0 CHECK (collected BETWEEN 0 AND issued),
    valid                       INTEGER NOT NULL DEFAULT 0 CHECK (valid >= 0),
    invalid                     INTEGER NOT NULL DEFAULT 0 CHECK (invalid >= 0 AND valid + invalid = collected),
    counting_committee          TEXT    NOT NULL DEFAULT '[]',
    invalid_reasons             TEXT    NOT NULL DEFAULT '{}',
    closed                      INTEGER NOT NULL DEFAULT 0,
    closed_at                   TEXT    NOT NULL DEFAULT '',
    document_number             INTEGER NOT NULL DEFAULT 0,
    fingerprint                 TEXT    NOT NULL DEFAULT '',
    request_json                TEXT    NOT NULL DEFAULT '',
    result_json                 TEXT    NOT NULL DEFAULT '',
    version                     INTEGER NOT NULL DEFAULT 1,
    started_at                  TEXT    NOT NULL,
    UNIQUE (election_id, number)
);

CREATE TABLE round_candidates (
    round_id  INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES persons(id),
    position  INTEGER NOT NULL,
    votes     INTEGER NOT NULL DEFAULT 0 CHECK (votes >= 0),
    PRIMARY KEY (round_id, person_id)
);

-- Ballots entered one by one. slot is the clerk's pile in double entry (1 or 2); both slots hold
-- the same ballot numbers and must agree before the round closes.
CREATE TABLE ballots (
    id         INTEGER PRIMARY KEY,
    round_id   INTEGER NOT NULL REFERENCES rounds(id),
    slot       INTEGER NOT NULL DEFAULT 1 CHECK (slot IN (1, 2)),
    number     INTEGER NOT NULL CHECK (number >= 1),
    content    TEXT    NOT NULL,
    invalid    TEXT    NOT NULL DEFAULT '',
    user_id    INTEGER REFERENCES users(id),
    clerk      TEXT    NOT NULL DEFAULT '',
    created_at TEXT    NOT NULL,
    UNIQUE (round_id, slot, number)
);

-- The running number of a congress's documents, from 01, across every kind (DOMAIN.md "Document format").
CREATE TABLE documents (
    congress_id INTEGER NOT NULL REFERENCES congresses(id),
    number      INTEGER NOT NULL CHECK (number >= 1),
    kind        TEXT    NOT NULL,
    ref_id      INTEGER,
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (congress_id, number)
);
