"""The W3C SPARQL 1.1 suites against a live server (see this folder's conftest.py)."""

from __future__ import annotations

import time
from urllib.parse import parse_qsl, urlsplit

import expected_failures as xf
import pytest
import w3c_harness as h

QUERY_TOP = "manifest-sparql11-query.ttl"
UPDATE_TOP = "manifest-sparql11-update.ttl"


def finish(suite: str, outcomes: dict[str, h.Outcome], started: float, *,
           expected: dict[str, str] | None = None, baseline: int | None = None,
           extra: dict | None = None) -> None:
    """Write the report, add the summary line, then check the gate."""
    seconds = time.monotonic() - started
    passes = sum(o.status == "pass" for o in outcomes.values())
    info = dict(extra or {})
    if expected is not None:
        info["expected_failures"] = len(expected)
    if baseline is not None:
        info["baseline_passes"] = baseline
    path = h.write_report(suite, outcomes, seconds, info)
    line = f"{suite}: {passes}/{len(outcomes)} pass in {seconds:.1f} s"
    if expected is not None:
        line += f" ({len(expected)} expected failures)"
    if baseline is not None:
        line += f" (baseline {baseline})"
    h.SUMMARY.append(f"{line}; report {path.relative_to(h.PROJECT_ROOT)}")
    if expected is not None:
        problems = h.gate(suite, outcomes, expected)
        assert not problems, f"{suite} gate ({path}):\n" + "\n".join(problems)
    if baseline is not None:
        assert passes >= baseline, (
            f"{suite}: {passes} passes, below the baseline {baseline}; see {path}")


def test_protocol(protocol_server: h.LiveServer) -> None:
    """SPARQL 1.1 Protocol, 34 machine-readable tests, run in manifest order."""
    started = time.monotonic()
    outcomes = h.run_cases(h.cases("protocol/manifest.ttl"),
                           lambda case: h.run_steps(protocol_server, case, h.protocol_path))
    finish("protocol", outcomes, started, expected=xf.PROTOCOL)


def test_service_description(protocol_server: h.LiveServer) -> None:
    started = time.monotonic()
    outcomes = h.run_cases(h.cases("service-description/manifest.ttl"),
                           lambda case: h.run_service_description(protocol_server, case))
    finish("service-description", outcomes, started, expected=xf.SERVICE_DESCRIPTION)


def gsp_targets(case: h.Case) -> list[str]:
    """The ``/store`` resources a Graph Store Protocol test touches."""
    targets = []
    for step in h.steps(case, h.gsp_path):
        parts = urlsplit(step.path)
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        if "graph" in params and "$" not in params["graph"]:
            targets.append(step.path)
        elif "default" in params:
            targets.append("/store?default")
        elif parts.path != "/store":
            targets.append(parts.path)
    return list(dict.fromkeys(targets))


def reset_gsp(server: h.LiveServer, case: h.Case) -> None:
    """An empty store for each test: ``DROP ALL``, or DELETE what the test touches."""
    if server.update("DROP ALL").status_code // 100 == 2:
        return
    for target in gsp_targets(case):
        server.request("DELETE", target)


def test_graph_store_protocol(gsp_server: h.LiveServer) -> None:
    """Graph Store Protocol, direct and indirect identification, each test on a reset store."""
    started = time.monotonic()
    cases = h.cases("graph-store-protocol/manifest-direct.ttl") + \
        h.cases("graph-store-protocol/manifest-indirect.ttl")

    def run(case: h.Case) -> None:
        reset_gsp(gsp_server, case)
        h.run_steps(gsp_server, case, h.gsp_path)

    finish("graph-store-protocol", h.run_cases(cases, run), started,
           expected=xf.GRAPH_STORE_PROTOCOL)


def test_json_results(query_server: tuple[h.LiveServer, dict[str, str]]) -> None:
    server, _ = query_server
    started = time.monotonic()
    outcomes = h.run_cases(h.cases(h.RESULT_FORMAT_MANIFESTS[0]),
                           lambda case: h.run_result_format(server, case))
    finish("json-res", outcomes, started, expected=xf.JSON_RES)


def test_csv_tsv_results(query_server: tuple[h.LiveServer, dict[str, str]]) -> None:
    server, _ = query_server
    started = time.monotonic()
    outcomes = h.run_cases(h.cases(h.RESULT_FORMAT_MANIFESTS[1]),
                           lambda case: h.run_result_format(server, case))
    finish("csv-tsv-res", outcomes, started, expected=xf.CSV_TSV_RES)


def test_query_evaluation(query_server: tuple[h.LiveServer, dict[str, str]]) -> None:
    """manifest-sparql11-query.ttl: evaluation and syntax tests; gate on no regression."""
    server, broken = query_server
    started = time.monotonic()

    def run(case: h.Case) -> None:
        if case.kind == "QueryEvaluationTest":
            h.run_query_evaluation(server, case, broken)
        elif "SyntaxTest" in case.kind:
            h.run_query_syntax(server, case)
        else:
            raise ValueError(f"unsupported test type {case.kind}")

    outcomes = h.run_cases(h.suite_cases(QUERY_TOP), run)
    finish("query-evaluation", outcomes, started, baseline=xf.QUERY_EVALUATION_BASELINE,
           extra={"unloadable_data_files": broken})


def test_update_evaluation(update_server: h.LiveServer) -> None:
    """manifest-sparql11-update.ttl: evaluation and syntax tests; gate on no regression."""
    started = time.monotonic()
    setup = h.UpdateSetup()

    def run(case: h.Case) -> None:
        if case.kind == "UpdateEvaluationTest":
            h.run_update_evaluation(update_server, case, setup)
        elif "SyntaxTest" in case.kind:
            h.run_update_syntax(update_server, case)
        else:
            raise ValueError(f"unsupported test type {case.kind}")

    outcomes = h.run_cases(h.suite_cases(UPDATE_TOP), run)
    finish("update-evaluation", outcomes, started, baseline=xf.UPDATE_EVALUATION_BASELINE,
           extra={"setup_writes": dict(setup.mechanisms)})


@pytest.mark.parametrize("path, expected", [
    ("/sparql/?query=ASK%20%7B%7D", "/sparql?query=ASK%20%7B%7D"),
    ("/sparql/", "/sparql"),
])
def test_protocol_paths(path: str, expected: str) -> None:
    assert h.protocol_path(path) == expected


@pytest.mark.parametrize("path, expected", [
    ("/gsp?graph=http%3A%2F%2Fwww.example%2Fgsp%2Fperson%2F1.ttl",
     "/store?graph=http%3A%2F%2Fwww.example%2Fgsp%2Fperson%2F1.ttl"),
    ("/gsp?default", "/store?default"),
    ("/gsp/person/1.ttl", "/store/person/1.ttl"),
    ("/gsp", "/store"),
])
def test_gsp_paths(path: str, expected: str) -> None:
    assert h.gsp_path(path) == expected
