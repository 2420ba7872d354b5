"""Admission control: the third concurrent request of one client is refused at once with 429."""

from __future__ import annotations

import asyncio

import httpx

from api.admission import AdmissionControl


def make_app(release: asyncio.Event, started: list[str]):
    async def app(scope, receive, send):
        started.append(scope["path"])
        if scope["path"] != "/health":
            await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})
    return app


async def scenario():
    release, started = asyncio.Event(), []
    guarded = AdmissionControl(make_app(release, started), per_client=2, total=3)

    def client(host: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=guarded, client=(host, 1234))
        return httpx.AsyncClient(transport=transport, base_url="http://test")

    alice, bob = client("10.0.0.1"), client("10.0.0.2")
    first = asyncio.create_task(alice.get("/sparql"))
    second = asyncio.create_task(alice.get("/sparql"))
    await asyncio.sleep(0.05)
    third = await alice.get("/sparql")              # refused without waiting
    other = asyncio.create_task(bob.get("/store"))  # another client still gets in
    await asyncio.sleep(0.05)
    fourth = await bob.get("/sparql")               # total limit (3) reached
    health = await alice.get("/health")             # never throttled
    release.set()
    done = await asyncio.gather(first, second, other)
    after = await alice.get("/sparql")              # slots were given back
    return third, fourth, health, done, after


def test_limits_per_client_and_in_total():
    third, fourth, health, done, after = asyncio.run(scenario())
    assert third.status_code == 429 and third.headers["retry-after"] == "1"
    assert third.json() == {"error": "too_many_requests",
                            "message": "at most 2 concurrent requests per client"}
    assert fourth.status_code == 429 and "busy" in fourth.json()["message"]
    assert health.status_code == 200
    assert [r.status_code for r in done] == [200, 200, 200]
    assert after.status_code == 200
