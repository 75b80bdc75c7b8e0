-- A counter that moves with every change to what the list pages show.
-- PostgreSQL twin of migrations/sqlite/0005_list_version.sql, which says why. Statement-level
-- triggers: one bump per statement is enough, and a package import of many rows costs one each.
CREATE TABLE list_version (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    n  BIGINT NOT NULL
);
INSERT INTO list_version (id, n) VALUES (1, 0);

CREATE FUNCTION list_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE list_version SET n = n + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER congresses_list_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON congresses
    FOR EACH STATEMENT EXECUTE FUNCTION list_version_bump();
CREATE TRIGGER organizations_list_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organizations
    FOR EACH STATEMENT EXECUTE FUNCTION list_version_bump();
CREATE TRIGGER terms_list_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON terms
    FOR EACH STATEMENT EXECUTE FUNCTION list_version_bump();
CREATE TRIGGER users_list_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION list_version_bump();
