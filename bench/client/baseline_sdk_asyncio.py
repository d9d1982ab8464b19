#!/usr/bin/env python3
"""The Python baseline of bench_client: what the Infrahub Python SDK's async client does when it lists
every node of a kind and creates nodes in a batch, with asyncio and httpx.AsyncClient, as the SDK does.

- sequential listing: one page after another (offset += page size) until the count is covered, as
  InfrahubClient.all(parallel=False);
- concurrent listing: the count query first, then every page at once under asyncio.Semaphore(5), as
  InfrahubClient.all(parallel=True) with max_concurrent_execution=5;
- every page answer goes through json.loads and every node becomes a Python object holding its
  attributes and relationships (a lighter version of the SDK's InfrahubNode, so this baseline is, if
  anything, faster than the SDK);
- creates: one task per node gathered under asyncio.Semaphore(10), as InfrahubBatch does.

The GraphQL documents are not rendered here: bench_client renders them with the C++ client's renderers and
passes them in the spec file, so both clients send identical requests (and Python is spared the SDK's
query rendering, again in its favour).

Usage: /usr/bin/python3 baseline_sdk_asyncio.py SPEC.json   (Debian's python3 with python3-httpx)
Prints a JSON line with its versions once warmed up, then reads commands from stdin - `list` (one
sequential and one concurrent listing), `creates`, `quit` - and answers each with one JSON line, so that
bench_client can interleave the repetitions of both clients.
"""

import asyncio
import json
import sys
import time

import httpx


class Attribute:
    __slots__ = ("name", "value", "properties")

    def __init__(self, name, data):
        self.name = name
        self.value = data.get("value")
        self.properties = {k: v for k, v in data.items() if k != "value"}


class RelatedNode:
    __slots__ = ("name", "id", "hfid", "display_label", "typename", "properties")

    def __init__(self, name, data):
        node = data.get("node") or {}
        self.name = name
        self.id = node.get("id")
        self.hfid = node.get("hfid")
        self.display_label = node.get("display_label")
        self.typename = node.get("__typename")
        self.properties = data.get("properties")


class Node:
    """What the SDK keeps of a node: id, labels, attributes by name, relationships by name."""

    __slots__ = ("id", "hfid", "display_label", "typename", "attributes", "relationships")

    def __init__(self, data):
        self.id = data.get("id")
        self.hfid = data.get("hfid")
        self.display_label = data.get("display_label")
        self.typename = data.get("__typename")
        self.attributes = {}
        self.relationships = {}
        for key, value in data.items():
            if not isinstance(value, dict):
                continue
            if "edges" in value:  # cardinality many
                self.relationships[key] = [RelatedNode(key, edge) for edge in value["edges"]]
            elif "node" in value:  # cardinality one
                self.relationships[key] = RelatedNode(key, value)
            else:
                self.attributes[key] = Attribute(key, value)


class Client:
    def __init__(self, spec):
        self.url = spec["address"].rstrip("/") + "/graphql/main"
        self.kind = spec["kind"]
        # Like the SDK: one AsyncClient, the token in X-INFRAHUB-KEY, 60 s timeout, httpx's default
        # connection pool (100 connections), so concurrency is bounded by the semaphores only.
        self.http = httpx.AsyncClient(
            headers={"X-INFRAHUB-KEY": spec["token"]}, timeout=60.0, trust_env=False
        )

    async def execute(self, request):
        response = await self.http.post(self.url, json=request)
        response.raise_for_status()
        body = json.loads(response.content)
        if body.get("errors"):
            raise RuntimeError(f"GraphQL errors: {body['errors']}")
        return body["data"]

    async def page(self, request):
        data = (await self.execute(request))[self.kind]
        return data["count"], [Node(edge["node"]) for edge in data["edges"]]


async def list_sequential(client, spec):
    page_size = spec["page_size"]
    pages = spec["page_requests"]
    rows = []
    first_page_ms = None
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    index = 0
    while True:
        count, nodes = await client.page(pages[index])
        if first_page_ms is None:
            first_page_ms = (time.perf_counter() - t0) * 1000
        rows.extend(nodes)
        index += 1
        # The SDK's rule: stop once offset + page size covers the count.
        if index * page_size >= count or index >= len(pages):
            break
    return {
        "first_page_ms": first_page_ms,
        "all_rows_ms": (time.perf_counter() - t0) * 1000,
        "cpu_ms": (time.process_time() - cpu0) * 1000,
        "rows": len(rows),
    }


async def list_concurrent(client, spec):
    page_size = spec["page_size"]
    pages = spec["page_requests"]
    count_request = spec["count_request"]

    # First-page probe, as on the C++ side: count, then the first page.
    t0 = time.perf_counter()
    await client.execute(count_request)
    await client.page(pages[0])
    first_page_ms = (time.perf_counter() - t0) * 1000

    cpu0 = time.process_time()
    t0 = time.perf_counter()
    count = (await client.execute(count_request))[client.kind]["count"]
    total_pages = (count + page_size - 1) // page_size
    semaphore = asyncio.Semaphore(spec["list_concurrency"])

    async def one(index):
        async with semaphore:
            return (await client.page(pages[index]))[1]

    results = await asyncio.gather(*(one(i) for i in range(total_pages)))
    rows = [node for nodes in results for node in nodes]
    return {
        "first_page_ms": first_page_ms,
        "all_rows_ms": (time.perf_counter() - t0) * 1000,
        "cpu_ms": (time.process_time() - cpu0) * 1000,
        "rows": len(rows),
    }


async def create_all(client, spec, requests):
    semaphore = asyncio.Semaphore(spec["create_concurrency"])
    field = spec["vlan_kind"] + "Create"

    async def one(request):
        async with semaphore:
            data = await client.execute(request)
            result = data[field]
            # The SDK stores the new id on the node object after save().
            return result["ok"] and result["object"]["id"]

    cpu0 = time.process_time()
    t0 = time.perf_counter()
    ids = await asyncio.gather(*(one(r) for r in requests))
    return {
        "wall_ms": (time.perf_counter() - t0) * 1000,
        "cpu_ms": (time.process_time() - cpu0) * 1000,
        "created": sum(1 for i in ids if i),
    }


async def main(spec_path):
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    client = Client(spec)
    loop = asyncio.get_running_loop()
    try:
        # Warm-up (untimed, as on the C++ side): first connection and one query.
        await client.execute(spec["count_request"])
        print(json.dumps({"httpx": httpx.__version__, "python": sys.version.split()[0]}), flush=True)
        # Then one command per line on stdin, one JSON line of results on stdout for each, so that
        # bench_client can interleave the two clients' repetitions (a shared machine drifts over a run).
        while True:
            command = (await loop.run_in_executor(None, sys.stdin.readline)).strip()
            if command == "list":
                result = {
                    "sequential": await list_sequential(client, spec),
                    "concurrent": await list_concurrent(client, spec),
                }
            elif command == "creates":
                result = await create_all(client, spec, spec["create_requests"][0])
            else:  # "quit" or end of input
                break
            print(json.dumps(result), flush=True)
    finally:
        await client.http.aclose()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: baseline_sdk_asyncio.py SPEC.json  (then commands on stdin: list, creates, quit)")
    asyncio.run(main(sys.argv[1]))
