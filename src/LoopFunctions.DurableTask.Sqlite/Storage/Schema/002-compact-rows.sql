-- No table changes. History, inbox and activity rows may now be written in the compact row format ({"v":1,...});
-- a build that only reads the type-named format must refuse the file ("schema version 2, newer than this build
-- understands") rather than misread those rows, so the version moves on.
SELECT 1;
