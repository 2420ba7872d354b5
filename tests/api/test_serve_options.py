"""`aikg serve` options become Settings: uvicorn.run is replaced by a recorder, so no server runs;
each test checks the settings the built app carries and the middleware it installed."""

from __future__ import annotations

import pytest

from api.app import engine_for
from api.cli import cli
from api.middleware import JSONCORSMiddleware, RequestHeadLimits

ENV = ("AIKG_TOKEN", "AIKG_READ_ONLY", "AIKG_QUERY_TIMEOUT", "AIKG_UPDATE_TIMEOUT",
       "AIKG_CORS_ORIGINS", "AIKG_MAX_URL_BYTES")


@pytest.fixture
def serve(runner, monkeypatch):
    """Run ``aikg serve ARGS`` with uvicorn.run recorded; returns (result, app, run kwargs)."""
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    calls = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kwargs: calls.append((app, kwargs)))

    def invoke(*args: str, env: dict[str, str] | None = None):
        result = runner.invoke(cli, ["serve", *args], env=env)
        app, kwargs = calls[-1] if calls and result.exit_code == 0 else (None, None)
        return result, app, kwargs
    return invoke


def middleware(app, cls):
    return [m for m in app.user_middleware if m.cls is cls]


def test_defaults_are_safe(serve):
    result, app, kwargs = serve()
    assert result.exit_code == 0, result.output
    settings = app.state.settings
    protocol = kwargs.pop("http")
    assert kwargs == {"host": "127.0.0.1", "port": 8000, "log_level": "info", "access_log": True}
    assert protocol.max_head_bytes == 16384 + 32768 + 16384  # api.head_limit: 431 past it
    assert settings.read_only is False and settings.token is None
    assert (settings.query_timeout, settings.update_timeout) == (10.0, 30.0)
    assert settings.cors_origins == () and not middleware(app, JSONCORSMiddleware)
    limit, = middleware(app, RequestHeadLimits)
    assert limit.kwargs == {"max_url_bytes": 16384, "max_header_bytes": 32768}


def test_every_option_reaches_the_settings(serve, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text("s3cr3t-from-file\n")
    result, app, kwargs = serve(
        "--host", "0.0.0.0", "--port", "8123", "--read-only", "--token-file", str(token_file),
        "--query-timeout", "2.5", "--update-timeout", "150", "--cors-origin",
        "https://app.example", "--cors-origin", "http://localhost:3000")
    assert result.exit_code == 0, result.output
    settings = app.state.settings
    assert (kwargs["host"], kwargs["port"]) == ("0.0.0.0", 8123)
    assert settings.read_only is True and settings.token == "s3cr3t-from-file"
    assert (settings.query_timeout, settings.update_timeout) == (2.5, 150.0)
    assert settings.cors_origins == ("https://app.example", "http://localhost:3000")
    assert "s3cr3t" not in result.output and "s3cr3t" not in repr(settings)
    engine = engine_for(settings)  # not started: only its deadlines are read
    assert (engine.query_timeout, engine.update_timeout) == (2.5, 150.0)
    assert engine.max_timeout >= 150.0  # a raised default is not capped back to 120 s
    cors, = middleware(app, JSONCORSMiddleware)
    assert cors.kwargs["allow_origins"] == ["https://app.example", "http://localhost:3000"]
    assert cors.kwargs["allow_credentials"] is False
    assert sorted(cors.kwargs["allow_methods"]) == ["DELETE", "GET", "HEAD", "POST", "PUT"]
    assert sorted(cors.kwargs["allow_headers"]) == ["accept", "authorization", "content-type"]


def test_environment_configures_the_same_settings(serve):
    result, app, _ = serve(env={
        "AIKG_TOKEN": "env-token", "AIKG_READ_ONLY": "true", "AIKG_QUERY_TIMEOUT": "3",
        "AIKG_UPDATE_TIMEOUT": "4", "AIKG_CORS_ORIGINS": "https://a.example, https://b.example",
        "AIKG_MAX_URL_BYTES": "4096"})
    assert result.exit_code == 0, result.output
    settings = app.state.settings
    assert settings.token == "env-token" and settings.read_only is True
    assert (settings.query_timeout, settings.update_timeout) == (3.0, 4.0)
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert settings.max_url_bytes == 4096


def test_options_win_over_the_environment(serve, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text("file-token")
    result, app, _ = serve("--token-file", str(token_file), "--query-timeout", "5",
                           "--cors-origin", "https://c.example",
                           env={"AIKG_TOKEN": "env-token", "AIKG_QUERY_TIMEOUT": "3",
                                "AIKG_CORS_ORIGINS": "https://a.example"})
    assert result.exit_code == 0, result.output
    settings = app.state.settings
    assert settings.token == "file-token" and settings.query_timeout == 5.0
    assert settings.cors_origins == ("https://c.example",)


@pytest.mark.parametrize("args", [
    ["--cors-origin", "https://app.example/"],
    ["--cors-origin", "null"],
    ["--cors-origin", "app.example"],
    ["--query-timeout", "0"],
    ["--update-timeout", "-1"],
    ["--query-timeout", "soon"],
    ["--token-file", "/nonexistent/token"],
])
def test_bad_options_are_usage_errors(serve, args):
    result, app, _ = serve(*args)
    assert result.exit_code == 2 and app is None
    assert "Traceback" not in result.output


@pytest.mark.parametrize("content", ["", "\n  \n", "two tokens\n"])
def test_unusable_token_file_fails_in_one_line(serve, tmp_path, content):
    token_file = tmp_path / "token"
    token_file.write_text(content)
    result, app, _ = serve("--token-file", str(token_file))
    assert result.exit_code == 1 and app is None
    assert result.output.strip().splitlines() == [
        f"Error: the token file {token_file} must hold one token on one line"]


def test_a_bad_origin_in_the_environment_fails_in_one_line(serve):
    result, app, _ = serve(env={"AIKG_CORS_ORIGINS": "https://a.example, https://b.example/"})
    assert result.exit_code == 1 and app is None
    assert result.output.strip().splitlines() == [
        "Error: not a CORS origin: 'https://b.example/'; write it as scheme://host[:port], "
        "e.g. https://app.example"]


def test_no_access_log(serve):
    result, _, kwargs = serve("--no-access-log")
    assert result.exit_code == 0, result.output
    assert kwargs["access_log"] is False


def test_a_busy_port_fails_in_one_line(serve):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result, app, _ = serve("--port", str(port))
    assert result.exit_code == 1 and app is None
    assert result.output.strip().splitlines() == [
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use"]
