// Runs against a live JidoCode RPC server; the pytest suite starts one and passes its
// endpoint in JIDOCODE_TEST_URL (tests/codegen/test_typescript_client.py).
import assert from "node:assert/strict";
import { test } from "node:test";

import { createClient, INVENTORY_VERSION, isRpcError, RpcError } from "../src/index.js";
import type { SystemPingFailure } from "../src/index.js";

const url = process.env["JIDOCODE_TEST_URL"];
if (url === undefined) throw new Error("JIDOCODE_TEST_URL is not set");

/** A fetch that records every request body it sends. */
function recordingFetch(): { fetch: typeof fetch; bodies: unknown[]; headers: Headers[] } {
  const bodies: unknown[] = [];
  const headers: Headers[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    bodies.push(JSON.parse(String(init?.body)));
    headers.push(new Headers(init?.headers));
    return fetch(input, init);
  };
  return { fetch: wrapped, bodies, headers };
}

test("a call returns the typed result and sends the inventory header", async () => {
  const rec = recordingFetch();
  const client = createClient({ url, fetch: rec.fetch });
  const pong = await client.system.ping();
  assert.equal(pong.pong, true);
  const version = await client.system.version();
  assert.equal(version.inventory_version, INVENTORY_VERSION);
  assert.equal(rec.headers[0]?.get("X-JidoCode-Inventory"), String(INVENTORY_VERSION));
  assert.equal(rec.bodies.length, 2);
  assert.ok(!Array.isArray(rec.bodies[0]), "a lone call is sent as a plain request");
});

test("calls made in the same tick share one batch, split at maxBatchSize", async () => {
  const rec = recordingFetch();
  const client = createClient({ url, fetch: rec.fetch, maxBatchSize: 2 });
  const [a, b, c] = await Promise.all([
    client.system.ping(),
    client.system.version(),
    client.safe.system.ping(),
  ]);
  assert.equal(a.pong, true);
  assert.equal(b.inventory_version, INVENTORY_VERSION);
  assert.deepEqual(c, { ok: true, value: { pong: true } });
  assert.equal(rec.bodies.length, 2, "three calls, batches of at most two");
  assert.ok(Array.isArray(rec.bodies[0]));
  assert.equal((rec.bodies[0] as unknown[]).length, 2);
});

test("a declared error is narrowed by kind", async () => {
  const client = createClient({ url, inventoryVersion: INVENTORY_VERSION + 999 });
  const outcome = await client.safe.system.ping();
  assert.equal(outcome.ok, false);
  if (outcome.ok) return;
  const error: SystemPingFailure = outcome.error;
  switch (error.kind) {
    case "inventory_mismatch":
      // Narrowed: the data has the typed fields of InventoryMismatchErrorData.
      assert.equal(error.code, 1090);
      assert.equal(error.data.server_version, INVENTORY_VERSION);
      assert.equal(error.data.client_version, String(INVENTORY_VERSION + 999));
      assert.equal(typeof error.data.request_id, "string");
      break;
    default:
      assert.fail(`unexpected kind ${error.kind}`);
  }
  // The throwing variant carries the same failure.
  await assert.rejects(client.system.ping(), (thrown: unknown) => {
    assert.ok(isRpcError<SystemPingFailure>(thrown));
    assert.ok(thrown instanceof RpcError);
    return thrown.kind === "inventory_mismatch";
  });
});

test("invalid params come back as kind invalid_params with the offending location", async () => {
  const client = createClient({ url });
  const outcome = await client.transport.settle<unknown, SystemPingFailure>("system.ping", {
    unexpected: 1,
  });
  assert.equal(outcome.ok, false);
  if (outcome.ok || outcome.error.kind !== "invalid_params") return assert.fail("not refused");
  assert.deepEqual(outcome.error.data.errors[0]?.loc, ["unexpected"]);
});

test("an aborted call fails with kind aborted and the request is cancelled", async () => {
  let started = 0;
  let cancelled = 0;
  // A fetch that never answers on its own, like a stuck server.
  const hanging: typeof fetch = (_input, init) =>
    new Promise<Response>((_resolve, reject) => {
      started += 1;
      init?.signal?.addEventListener("abort", () => {
        cancelled += 1;
        reject(new Error("aborted"));
      });
    });
  const client = createClient({ url, fetch: hanging });
  const controller = new AbortController();
  const pending = client.safe.system.ping({ signal: controller.signal });
  setTimeout(() => controller.abort("user left"), 10);
  const outcome = await pending;
  assert.equal(outcome.ok, false);
  if (outcome.ok) return;
  assert.equal(outcome.error.kind, "aborted");
  assert.equal(started, 1);
  assert.equal(cancelled, 1, "the only call gave up, so the HTTP request is aborted");

  // Already aborted: never sent.
  const before = started;
  const early = await client.safe.system.ping({ signal: AbortSignal.abort() });
  assert.equal(early.ok ? "ok" : early.error.kind, "aborted");
  assert.equal(started, before);

  // A per-call timeout ends the same way, with its own kind.
  const slow = await client.safe.system.version({ timeoutMs: 20 });
  assert.equal(slow.ok ? "ok" : slow.error.kind, "client_timeout");
});

test("an aborted call in a batch leaves its siblings running", async () => {
  const client = createClient({ url });
  const controller = new AbortController();
  const first = client.safe.system.ping({ signal: controller.signal });
  const second = client.safe.system.version();
  controller.abort();
  const [a, b] = await Promise.all([first, second]);
  assert.equal(a.ok ? "ok" : a.error.kind, "aborted");
  assert.equal(b.ok, true);
});

test("bearer auth and the headers hook reach the server", async () => {
  const rec = recordingFetch();
  const client = createClient({
    url,
    fetch: rec.fetch,
    auth: { mode: "bearer", token: async () => "jck_not_a_real_key" },
    headers: async () => ({ "X-Request-Id": "node-test-1" }),
  });
  // An anonymous method ignores credentials it does not need.
  assert.equal((await client.system.ping()).pong, true);
  assert.equal(rec.headers[0]?.get("Authorization"), "Bearer jck_not_a_real_key");
  assert.equal(rec.headers[0]?.get("X-Request-Id"), "node-test-1");
});

test("a transport failure is kind transport", async () => {
  const client = createClient({ url: "http://127.0.0.1:9/rpc" });
  const outcome = await client.safe.system.ping();
  assert.equal(outcome.ok ? "ok" : outcome.error.kind, "transport");
});
