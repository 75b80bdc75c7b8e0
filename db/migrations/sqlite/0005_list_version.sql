-- A counter that moves with every change to what the list pages show (congresses, the party tree,
-- terms, users), whoever makes it: the server, a command such as `daihoi import` run beside it,
-- or a second server on the same data. The server keeps rendered list pages while the counter
-- stands still (internal/server/page_cache.go); triggers, not the store's code, move it, so no
-- write path can forget to. Ballots, rounds and targets do not move it: a counting room busy
-- with 300 ballots leaves the staff's lists cached.
CREATE TABLE list_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO list_version (id, n) VALUES (1, 0);

CREATE TRIGGER congresses_list_version_insert AFTER INSERT ON congresses
BEGIN UPDATE list_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER congresses_list_version_update AFTER UPDATE ON congresses
BEGIN UPDATE list_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER congresses_list_version_delete AFTER DELETE ON congresses
BEGIN UPDATE list_version SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER organizations_list_version_insert AFTER INSERT ON organizations
BEGIN UPDATE list_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER organizations_list_version_update AFTER UPDATE ON organizations
BEGIN UPDATE list_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER organizations_list_version_delete AFTER DELETE ON organizations
BEGIN UPDATE list_version SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER terms_list_version_insert AFTER INSERT ON terms
BEGIN UPDATE list_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER terms_list_version_update AFTER UPDATE ON terms
BEGIN UPDATE list_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER terms_list_version_delete AFTER DELETE ON terms
BEGIN UPDATE list_version SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER users_list_version_insert AFTER INSERT ON users
BEGIN UPDATE list_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER users_list_version_update AFTER UPDATE ON users
BEGIN UPDATE list_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER users_list_version_delete AFTER DELETE ON users
BEGIN UPDATE list_version SET n = n + 1 WHERE id = 1; END;
