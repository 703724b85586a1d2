-- 0006: indexes for the chain + area query at 100,000 enterprises (issue 12 §7, geo/pg_queries.py).
-- Both are derived from the catalogue tables and kept up to date by the database itself, so every
-- writer (the atlas, QGIS, psql) keeps them right; neither is a catalogue table (not read, dumped or
-- versioned).

-- Every prefix of every GB/T 4754 code of a row: '2712|3985' → {2,27,271,2712,3,39,398,3985}.
-- "a code starts with one of the chain's prefixes" is then "the arrays overlap" (&&), which a GIN
-- index answers. Codes are trimmed as geo/industry_code_rules.split_codes does.
CREATE FUNCTION atlas_code_prefixes(codes text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT left(code, n)), '{}')
    FROM unnest(string_to_array(codes, '|')) AS raw(code_text),
         LATERAL (SELECT btrim(raw.code_text) AS code) AS trimmed,
         LATERAL generate_series(1, length(trimmed.code)) AS n
$$;

ALTER TABLE enterprises ADD COLUMN industry_prefixes text[]
    GENERATED ALWAYS AS (atlas_code_prefixes(industry_codes)) STORED;
CREATE INDEX enterprises_industry_prefixes_gin ON enterprises USING gin (industry_prefixes);
CREATE INDEX code_chains_chain_id ON code_chains (chain_id);

-- The areas cut into pieces of at most 128 vertices (ST_Subdivide): a point is tested against the
-- one small piece whose box holds it, not against a whole detailed city outline.
CREATE TABLE area_parts (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    area_code text NOT NULL,
    geom geometry(Geometry, 4326) NOT NULL
);
COMMENT ON TABLE area_parts IS 'Derived: areas.geom subdivided for fast point-in-area queries; kept by a trigger on areas.';
CREATE INDEX area_parts_geom_gist ON area_parts USING gist (geom);
CREATE INDEX area_parts_area_code ON area_parts (area_code);

-- An outline ST_Subdivide cannot cut (invalid after an outside edit) is kept whole: the edit is not
-- refused here, the atlas's validator reports it.
CREATE FUNCTION atlas_area_parts_of(code text, whole geometry) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF whole IS NULL OR code IS NULL THEN
        RETURN;
    END IF;
    BEGIN
        INSERT INTO area_parts (area_code, geom) SELECT code, ST_Subdivide(whole, 128);
    EXCEPTION WHEN OTHERS THEN
        INSERT INTO area_parts (area_code, geom) VALUES (code, whole);
    END;
END $$;

CREATE FUNCTION atlas_area_parts_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM area_parts WHERE area_code = OLD.code;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM atlas_area_parts_of(NEW.code, NEW.geom);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION atlas_area_parts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM area_parts;
    RETURN NULL;
END $$;

CREATE TRIGGER areas_parts_row AFTER INSERT OR UPDATE OR DELETE ON areas FOR EACH ROW EXECUTE FUNCTION atlas_area_parts_row();
CREATE TRIGGER areas_parts_truncate AFTER TRUNCATE ON areas FOR EACH STATEMENT EXECUTE FUNCTION atlas_area_parts_truncate();

SELECT atlas_area_parts_of(code, geom) FROM areas;
