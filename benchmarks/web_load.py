"""Load test of the web app's what-if forecasts: N concurrent clients for T seconds, loopback only.

Starts ``ontable serve`` on a free 127.0.0.1 port in a subprocess, then runs N asyncio clients
that each POST what-if forecasts (a random slider move each time) until T seconds have passed
or a request budget is spent, and prints the request count, errors, throughput and latency
quantiles. Bounded in time and count; sends traffic to 127.0.0.1 only.

    .venv/bin/python benchmarks/web_load.py [--clients 50] [--seconds 30] [--model compromise]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import subprocess
import sys
import time

import httpx
import numpy as np


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def client_loop(
    client: httpx.AsyncClient,
    url: str,
    token: str,
    body_base: dict[str, object],
    stances: list[dict[str, object]],
    stop_at: float,
    budget: list[int],
    latencies: list[float],
    errors: list[str],
    rng: random.Random,
) -> None:
    while time.monotonic() < stop_at and budget[0] > 0:
        budget[0] -= 1
        stance = rng.choice(stances)
        body = dict(body_base)
        body["overrides"] = [
            {
                "party": stance["party"],
                "issue": stance["issue"],
                "field": "position",
                "value": float(rng.randint(0, 100)),
            }
        ]
        start = time.perf_counter()
        try:
            response = await client.post(url, json=body, headers={"X-CSRF-Token": token})
            if response.status_code != 200:
                errors.append(f"{response.status_code}: {response.text[:120]}")
        except httpx.HTTPError as exc:
            errors.append(type(exc).__name__)
        latencies.append(time.perf_counter() - start)


async def run(
    base: str, case_id: str, model: str, clients: int, seconds: float, max_requests: int
) -> None:
    async with httpx.AsyncClient(
        timeout=30, limits=httpx.Limits(max_connections=clients)
    ) as client:
        page = await client.get(f"{base}/cases/{case_id}")
        match = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
        assert match, "no CSRF token on the case page"
        token = match.group(1)
        data = (await client.get(f"{base}/api/cases/{case_id}")).json()
        stances = [s for s in data["stances"] if s.get("position_range") is None]
        stances = stances or data["stances"]
        # widen nothing: only stances without a range, or moves inside it, keep validation happy
        latencies: list[float] = []
        errors: list[str] = []
        budget = [max_requests]
        stop_at = time.monotonic() + seconds
        started = time.perf_counter()
        await asyncio.gather(
            *(
                client_loop(
                    client,
                    f"{base}/api/cases/{case_id}/forecast",
                    token,
                    {"model": model, "seed": 0},
                    stances,
                    stop_at,
                    budget,
                    latencies,
                    errors,
                    random.Random(i),
                )
                for i in range(clients)
            )
        )
        elapsed = time.perf_counter() - started
    lat = np.array(latencies) * 1000
    print(f"case {case_id}, model {model}: {clients} clients for {elapsed:.1f} s")
    print(f"requests {len(lat)}, errors {len(errors)}, throughput {len(lat) / elapsed:.1f} req/s")
    if len(lat):
        print(
            "latency ms: p50 {:.1f}  p95 {:.1f}  p99 {:.1f}  max {:.1f}".format(
                *np.percentile(lat, [50, 95, 99]), lat.max()
            )
        )
    for e in sorted(set(errors))[:5]:
        print("  error:", e)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", default="ukraine-2025")
    parser.add_argument("--model", default="compromise")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--max-requests", type=int, default=200_000)
    args = parser.parse_args()
    port = free_port()
    env = {**os.environ}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ontable",
            "serve",
            args.case,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/api/cases", timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        asyncio.run(run(base, args.case, args.model, args.clients, args.seconds, args.max_requests))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
