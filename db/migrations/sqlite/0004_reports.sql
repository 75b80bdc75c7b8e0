-- Reports for the higher committee: the guidance targets on the structure of the new committees,
-- and the reason the higher committee gives when it does not approve a congress.

-- Guidance targets on the structure of the new committees, per term (DOMAIN.md "After the
-- congress"): data, not code, so the administrator can enter a new term's directive. Terms are
-- named by their years, so a target can be entered before the term's row exists. Values are
-- percentages; a range ("khoảng 40–50%") uses both ends.
CREATE TABLE structure_targets (
    id         INTEGER PRIMARY KEY,
    term_start INTEGER NOT NULL,
    term_end   INTEGER NOT NULL,
    metric     TEXT    NOT NULL CHECK (metric IN ('women', 'under_40', 'age_40_50', 'over_50', 'young', 'minority',
                       'reelected', 'new', 'postgraduate', 'theory_high')),
    comparator TEXT    NOT NULL CHECK (comparator IN ('>=', '>', '=', 'range', '<=', '<')),
    value      REAL    NOT NULL CHECK (value BETWEEN 0 AND 100),
    value_high REAL    NOT NULL DEFAULT 0 CHECK (value_high BETWEEN 0 AND 100),
    source     TEXT    NOT NULL DEFAULT '' CHECK (length(source) <= 200),
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    UNIQUE (term_start, term_end, metric),
    CHECK (term_end > term_start),
    CHECK (comparator = 'range' OR value_high = 0),
    CHECK (comparator <> 'range' OR value_high > value)
);

-- 2020–2025: Chỉ thị 35-CT/TW (2019) on the congresses of that term, as DOMAIN.md gives them.
INSERT INTO structure_targets (term_start, term_end, metric, comparator, value, value_high, source, created_at, updated_at) VALUES
    (2020, 2025, 'under_40', '>=', 10, 0, 'Chỉ thị 35-CT/TW', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'),
    (2020, 2025, 'age_40_50', 'range', 40, 50, 'Chỉ thị 35-CT/TW', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'),
    (2020, 2025, 'women', '>=', 15, 0, 'Chỉ thị 35-CT/TW', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'),
    (2020, 2025, 'young', '>=', 10, 0, 'Chỉ thị 35-CT/TW', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z');

-- Why the higher committee did not approve (chuẩn y) a congress and ordered a new vote.
ALTER TABLE congresses ADD COLUMN decision_note TEXT NOT NULL DEFAULT '';
