"""W3C tests the service is known to fail today, with the reason, and the evaluation baselines.

Test ids are ``<folder of the manifest>#<local name of the test>``. A listed test that passes
makes its suite fail with "remove X from expected failures": delete the line when a feature
lands. The query and update evaluation suites gate on no regression instead: their number of
passing tests must not drop below the baselines at the end of this file; raise a baseline when
more tests pass (the reports in ``results/`` say which).
"""

LEXICAL = ("the store keeps values, not lexical forms: pyoxigraph returns {} for the data's {}; "
           "the CSV/TSV writers are right, the stored term is not")

PROTOCOL: dict[str, str] = {}

GRAPH_STORE_PROTOCOL: dict[str, str] = {}

SERVICE_DESCRIPTION: dict[str, str] = {}

JSON_RES: dict[str, str] = {}

CSV_TSV_RES: dict[str, str] = {
    "csv-tsv-res#tsv03": LEXICAL.format('"-3"^^xsd:integer', '"-3"^^xsd:negativeInteger'),
}

#: Passing tests of manifest-sparql11-query.ttl (328 tests) measured on 2026-11-26, raised
#: when construct#constructwhere04 passed (a query's own FROM is no longer overridden by the
#: union default graph). The 29 failures all fail the same way when pyoxigraph 0.5.13 runs
#: them in-process (non-canonical numeric lexical forms, casts, zero-length paths from
#: constants, GRAPH with MINUS/VALUES/sub-select, BNODE(str), an unsupported custom function).
QUERY_EVALUATION_BASELINE = 299

#: Passing tests of manifest-sparql11-update.ttl (157 tests) measured on 2026-11-26. The 9
#: failures: LOAD is refused by policy (7 tests), and DROP GRAPH of a missing graph fails at
#: run time in two positive syntax tests (syntax-update-1#test_8, #test_18).
UPDATE_EVALUATION_BASELINE = 148
