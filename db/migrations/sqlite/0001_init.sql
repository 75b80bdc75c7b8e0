-- The foundation: the party tree, terms, congresses, users, sessions and the audit trail.

CREATE TABLE organizations (
    id         INTEGER PRIMARY KEY,
    parent_id  INTEGER REFERENCES organizations(id),
    kind       TEXT    NOT NULL CHECK (kind IN ('superior', 'grassroots', 'sub_committee', 'cell')),
    name       TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 400),
    place      TEXT    NOT NULL DEFAULT '',
    -- Materialized path of ids from the root, "/1/4/"; scope is a prefix range on it.
    path       TEXT    NOT NULL DEFAULT '',
    depth      INTEGER NOT NULL DEFAULT 0,
    name_fold  TEXT    NOT NULL DEFAULT '',
    sample     INTEGER NOT NULL DEFAULT 0,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX organizations_parent ON organizations(parent_id);
CREATE INDEX organizations_path ON organizations(path);

CREATE TABLE terms (
    id         INTEGER PRIMARY KEY,
    start_year INTEGER NOT NULL,
    end_year   INTEGER NOT NULL,
    UNIQUE (start_year, end_year),
    CHECK (end_year > start_year)
);

CREATE TABLE congresses (
    id                          INTEGER PRIMARY KEY,
    organization_id             INTEGER NOT NULL REFERENCES organizations(id),
    term_id                     INTEGER NOT NULL REFERENCES terms(id),
    ordinal                     INTEGER NOT NULL CHECK (ordinal >= 1),
    kind                        TEXT    NOT NULL CHECK (kind IN ('members', 'delegates')),
    ruleset                     TEXT    NOT NULL CHECK (ruleset IN ('qd244-2014', 'qd190-2024')),
    held_on                     TEXT    NOT NULL DEFAULT '',
    place                       TEXT    NOT NULL DEFAULT '',
    convened                    INTEGER NOT NULL DEFAULT 0 CHECK (convened >= 0),
    present                     INTEGER NOT NULL DEFAULT 0 CHECK (present >= 0 AND present <= convened),
    temporarily_attached_absent INTEGER NOT NULL DEFAULT 0 CHECK (temporarily_attached_absent BETWEEN 0 AND convened),
    exempt_absent               INTEGER NOT NULL DEFAULT 0 CHECK (exempt_absent BETWEEN 0 AND convened),
    suspended                   INTEGER NOT NULL DEFAULT 0 CHECK (suspended BETWEEN 0 AND convened),
    absent_with_reason          INTEGER NOT NULL DEFAULT 0 CHECK (absent_with_reason BETWEEN 0 AND convened),
    committee_absent            INTEGER NOT NULL DEFAULT 0 CHECK (committee_absent BETWEEN 0 AND convened),
    absent_not_replaced         INTEGER NOT NULL DEFAULT 0 CHECK (absent_not_replaced BETWEEN 0 AND convened),
    notes                       TEXT    NOT NULL DEFAULT '',
    state                       TEXT    NOT NULL DEFAULT 'planned'
                                CHECK (state IN ('planned', 'held', 'reported', 'approved', 'rejected')),
    reported_on                 TEXT    NOT NULL DEFAULT '',
    decided_on                  TEXT    NOT NULL DEFAULT '',
    -- Accent-folded text of the organization, place, guests, notes and persons, for display of why
    -- a congress matched; the search itself uses congress_words.
    search                      TEXT    NOT NULL DEFAULT '',
    -- The organization's path, copied so that scope filters and counts read one index only.
    org_path                    TEXT    NOT NULL DEFAULT '',
    sample                      INTEGER NOT NULL DEFAULT 0,
    version                     INTEGER NOT NULL DEFAULT 1,
    created_at                  TEXT    NOT NULL,
    updated_at                  TEXT    NOT NULL,
    UNIQUE (organization_id, ordinal)
);
-- Lists read in date order within a term and stop after a page; scope and state come from the index.
CREATE INDEX congresses_term ON congresses(term_id, held_on, org_path, state);
CREATE INDEX congresses_held ON congresses(held_on, org_path, state);
-- Counts and small subtrees: a range on the path.
CREATE INDEX congresses_scope ON congresses(org_path, term_id, state);
CREATE INDEX congresses_term_state ON congresses(term_id, state, org_path);

-- The accent-folded words of each congress's search text: "tuan" finds Tuấn by word prefix, with
-- an index instead of a scan of every row.
CREATE TABLE congress_words (
    word        TEXT    NOT NULL,
    congress_id INTEGER NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
    PRIMARY KEY (word, congress_id)
) WITHOUT ROWID;
CREATE INDEX congress_words_congress ON congress_words(congress_id);

CREATE TABLE congress_guests (
    congress_id INTEGER NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    title       TEXT    NOT NULL DEFAULT '',
    role        TEXT    NOT NULL CHECK (role IN ('directing', 'attending')),
    PRIMARY KEY (congress_id, position)
);

CREATE TABLE congress_past_results (
    congress_id INTEGER NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    label       TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    unit        TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (congress_id, position)
);

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    username            TEXT    NOT NULL UNIQUE CHECK (length(username) BETWEEN 2 AND 64),
    full_name           TEXT    NOT NULL DEFAULT '',
    role                TEXT    NOT NULL CHECK (role IN ('admin', 'secretary', 'staff', 'auditor')),
    organization_id     INTEGER NOT NULL REFERENCES organizations(id),
    password_hash       TEXT    NOT NULL,
    disabled            INTEGER NOT NULL DEFAULT 0,
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT    NOT NULL,
    password_changed_at TEXT    NOT NULL
);

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    -- SHA-256 of the token; the token itself is only in the user's cookie.
    token_hash   TEXT    NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   TEXT    NOT NULL,
    expires_at   TEXT    NOT NULL,
    address      TEXT    NOT NULL DEFAULT '',
    user_agent   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Append-only; each row carries the hash of the one before, so an edit or a deletion made behind
-- the app's back breaks the chain.
CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    at              TEXT    NOT NULL,
    user_id         INTEGER,
    username        TEXT    NOT NULL DEFAULT '',
    organization_id INTEGER,
    congress_id     INTEGER,
    entity          TEXT    NOT NULL,
    entity_id       INTEGER,
    action          TEXT    NOT NULL,
    old_value       TEXT    NOT NULL DEFAULT '',
    new_value       TEXT    NOT NULL DEFAULT '',
    reason          TEXT    NOT NULL DEFAULT '',
    prev_hash       TEXT    NOT NULL,
    hash            TEXT    NOT NULL
);
CREATE INDEX audit_congress ON audit_log(congress_id, id);
CREATE INDEX audit_org ON audit_log(organization_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
