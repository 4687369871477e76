-- The extension as installed: its version, schema and functions.
\i test/regress-fixture.sql

SELECT extname, extversion, extrelocatable, n.nspname AS schema
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname = 'mxpw';

-- How each function is declared, whether it is documented, and whether
-- PUBLIC may run it (a NULL ACL means the default, EXECUTE for PUBLIC).
SELECT p.oid::regprocedure AS function,
       p.provolatile AS volatility,
       p.proisstrict AS strict,
       p.proparallel AS parallel,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS commented,
       p.proacl IS NULL AS public_execute
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
JOIN pg_extension e ON d.refobjid = e.oid AND e.extname = 'mxpw'
ORDER BY p.proname;

-- Hashing in the tests is at the cheapest cost: the fixture sets it for the
-- database.
SHOW mxpw.bcrypt_rounds;
