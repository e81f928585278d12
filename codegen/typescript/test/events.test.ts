// The live event stream (`subscribe`). The first tests script the server with a fake fetch;
// the live ones need a server with seeded runs, which tests/codegen/test_typescript_events.py
// starts: JIDOCODE_TEST_URL, JIDOCODE_TEST_KEY (an API key), JIDOCODE_TEST_RUN (a finished
// run) and JIDOCODE_TEST_LIVE_RUN (a run that gains an event every few ms while this runs).
import assert from "node:assert/strict";
import net from "node:net";
import { test } from "node:test";

import {
  createClient,
  CursorExpired,
  eventsUrlFor,
  isRpcError,
  StreamRefused,
  StreamUnavailable,
  subscribe,
  type StreamEvent,
  type StreamSource,
  type StreamState,
} from "../src/index.js";

const TOPIC = "run:00000000-0000-0000-0000-0000000000aa";

/** One event as the server frames it. */
function frame(seq: number, topic = TOPIC): string {
  const data = { topic, seq, type: "step_started", data: { n: seq }, at: "2025-01-01T00:00:00Z" };
  return `id: ${topic}@${seq}\nevent: step_started\ndata: ${JSON.stringify(data)}\n\n`;
}

interface Sent {
  readonly url: string;
  readonly headers: Headers;
}

/** A source whose connections answer `scripts` in turn (a string: that SSE body, then the
 * connection ends; a number: that HTTP status), then stay open and silent until aborted. */
function scripted(scripts: (string | number)[]): { source: StreamSource; sent: Sent[] } {
  const sent: Sent[] = [];
  const fake: typeof fetch = async (input, init) => {
    sent.push({ url: String(input), headers: new Headers(init?.headers) });
    const script = scripts.shift();
    if (typeof script === "number") {
      const body = JSON.stringify({ kind: "not_found", message: "no such run", resource: "run" });
      return new Response(body, { status: script });
    }
    const signal = init?.signal;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (script !== undefined) {
          controller.enqueue(new TextEncoder().encode(script));
          controller.close();
          return;
        }
        signal?.addEventListener("abort", () => controller.error(new Error("aborted")));
      },
    });
    return new Response(body, { status: 200, headers: { "Content-Type": "text/event-stream" } });
  };
  const source: StreamSource = {
    streamRequest: async () => ({
      url: "http://fake/events",
      fetch: fake,
      headers: { Accept: "text/event-stream" },
      credentials: undefined,
    }),
  };
  return { source, sent };
}

async function take<E>(iterable: AsyncIterable<E>, n: number): Promise<E[]> {
  const out: E[] = [];
  if (n === 0) return out;
  for await (const item of iterable) {
    out.push(item);
    if (out.length >= n) break;
  }
  return out;
}

test("the events URL sits next to the RPC endpoint", () => {
  assert.equal(eventsUrlFor("http://127.0.0.1:8420/rpc"), "http://127.0.0.1:8420/events");
  assert.equal(eventsUrlFor("/rpc"), "/events");
  assert.equal(eventsUrlFor("https://h/api/rpc/?x=1"), "https://h/api/events");
});

test("reconnects with Last-Event-ID and drops repeated or stale seqs", async () => {
  const { source, sent } = scripted([
    frame(1) + frame(2) + frame(3),
    frame(2) + frame(3) + frame(4) + frame(3) + frame(5),
  ]);
  const events = await take(subscribe(source, TOPIC, { backoffMs: 1 }), 5);
  assert.deepEqual(
    events.map((e) => e.seq),
    [1, 2, 3, 4, 5],
  );
  assert.equal(events[0]?.type, "step_started");
  assert.deepEqual(events[0]?.data, { n: 1 });
  assert.equal(sent.length, 2);
  assert.equal(sent[0]?.url, `http://fake/events?topic=${encodeURIComponent(TOPIC)}&after=0`);
  assert.equal(sent[0]?.headers.get("Last-Event-ID"), null);
  assert.equal(sent[1]?.headers.get("Last-Event-ID"), `${TOPIC}@3`);
  assert.match(sent[1]?.url ?? "", /after=3$/);
});

test("a reset reconnects from the cursor; other topics and junk are skipped", async () => {
  const reset = `event: reset\ndata: {"topic":"${TOPIC}","seq":9}\n\n`;
  const junk = ": keep-alive\n\ndata: not json\n\n" + frame(7, "runs");
  const { source, sent } = scripted([frame(1) + junk + reset + frame(99), frame(2)]);
  const events = await take(subscribe(source, TOPIC, { backoffMs: 1 }), 2);
  assert.deepEqual(
    events.map((e) => e.seq),
    [1, 2],
  );
  assert.equal(sent[1]?.headers.get("Last-Event-ID"), `${TOPIC}@1`);
});

test("cursor_expired throws CursorExpired with the earliest seq kept", async () => {
  const expired = `event: cursor_expired\ndata: {"topic":"${TOPIC}","after":0,"earliest":40}\n\n`;
  const { source } = scripted([expired]);
  await assert.rejects(take(subscribe(source, TOPIC), 1), (error: unknown) => {
    assert.ok(error instanceof CursorExpired);
    assert.ok(isRpcError(error));
    assert.equal(error.kind, "cursor_expired");
    assert.equal(error.failure.code, 1095);
    assert.equal(error.earliest, 40);
    assert.equal(error.topic, TOPIC);
    return true;
  });
});

test("a refusal throws StreamRefused with a kind; it is not retried", async () => {
  const { source, sent } = scripted([404]);
  await assert.rejects(take(subscribe(source, TOPIC), 1), (error: unknown) => {
    assert.ok(error instanceof StreamRefused);
    assert.equal(error.kind, "not_found");
    assert.equal(error.status, 404);
    assert.equal(error.failure.message, "no such run");
    assert.equal(error.failure.data["resource"], "run");
    return true;
  });
  assert.equal(sent.length, 1);
});

test("server errors are retried, then StreamUnavailable after maxRetries", async () => {
  const { source, sent } = scripted([503, 503, 503, 503]);
  await assert.rejects(
    take(subscribe(source, TOPIC, { backoffMs: 1, maxRetries: 2 }), 1),
    (error: unknown) => error instanceof StreamUnavailable && error.kind === "transport",
  );
  assert.equal(sent.length, 3);
});

test("onState tells connecting, open, and reconnecting once per drop", async () => {
  const { source, sent } = scripted([frame(1) + frame(2), 503, 503, frame(3)]);
  const log: string[] = [];
  const options = { backoffMs: 1, onState: (state: StreamState) => log.push(state) };
  for await (const event of subscribe(source, TOPIC, options)) {
    log.push(`#${event.seq}`);
    if (event.seq === 3) break;
  }
  assert.deepEqual(log, ["connecting", "open", "#1", "#2", "reconnecting", "open", "#3"]);
  assert.equal(sent.length, 4);
  assert.equal(sent[3]?.headers.get("Last-Event-ID"), `${TOPIC}@2`);

  // A refusal ends the stream before it opens; an abort says nothing more.
  const refused: string[] = [];
  const onState = (state: StreamState): number => refused.push(state);
  await assert.rejects(take(subscribe(scripted([404]).source, TOPIC, { onState }), 1));
  assert.deepEqual(refused, ["connecting"]);
  const aborted: string[] = [];
  const quiet = { signal: AbortSignal.abort(), onState: (s: StreamState) => aborted.push(s) };
  assert.deepEqual(await take(subscribe(scripted([]).source, TOPIC, quiet), 1), []);
  assert.deepEqual(aborted, []);
});

test("aborting ends the iteration without an error, even while waiting", async () => {
  const { source } = scripted([frame(1)]);
  const controller = new AbortController();
  const seen: number[] = [];
  setTimeout(() => controller.abort(), 30);
  for await (const event of subscribe(source, TOPIC, { signal: controller.signal, backoffMs: 1 })) {
    seen.push(event.seq);
  }
  assert.deepEqual(seen, [1]);
  const early = await take(subscribe(source, TOPIC, { signal: AbortSignal.abort() }), 1);
  assert.deepEqual(early, []);
});

// -- against a live server ------------------------------------------------------------

const url = process.env["JIDOCODE_TEST_URL"];
const key = process.env["JIDOCODE_TEST_KEY"];
const runId = process.env["JIDOCODE_TEST_RUN"];
const liveRunId = process.env["JIDOCODE_TEST_LIVE_RUN"];
const live = [url, key, runId, liveRunId].every((value) => value !== undefined);
const skip = live ? false : "needs the seeded server of tests/codegen/test_typescript_events.py";

interface RunPayload {
  run_id: string;
  from: string | null;
  to: string;
  step: string | null;
}
type RunEvent = StreamEvent<string, RunPayload>;

/** A TCP proxy in front of the server, whose connections the test can cut. */
async function proxy(target: URL): Promise<{
  readonly url: string;
  readonly requests: string[];
  open(): number;
  drop(): void;
  close(): void;
}> {
  const sockets = new Set<net.Socket>();
  const requests: string[] = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client);
    let first = true;
    client.on("data", (chunk: Buffer) => {
      if (first) requests.push(chunk.toString("latin1"));
      first = false;
    });
    client.pipe(upstream).pipe(client);
    const end = (): void => {
      sockets.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  assert.ok(address !== null && typeof address === "object");
  return {
    url: `http://127.0.0.1:${address.port}/rpc`,
    requests,
    open: () => sockets.size,
    drop: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.ok(condition(), what);
}

test("iterates a run's events in order, with the client's bearer auth", { skip }, async () => {
  const client = createClient({ url: url ?? "", auth: { mode: "bearer", token: key ?? "" } });
  const topic = `run:${runId}`;
  const events = await take(subscribe<RunEvent>(client.transport, topic), 3);
  assert.deepEqual(
    events.map((e) => [e.seq, e.type, e.data.to]),
    [
      [1, "run_started", "pending"],
      [2, "step_started", "running"],
      [3, "run_completed", "completed"],
    ],
  );
  for (const event of events) {
    assert.equal(event.topic, topic);
    assert.equal(event.data.run_id, runId);
    assert.ok(!Number.isNaN(Date.parse(event.at)));
  }
  // The generated client's own subscribe, typed by the topic's family.
  const later = await take(client.subscribe(topic, { after: 2 }), 1);
  assert.deepEqual(
    later.map((e) => e.seq),
    [3],
  );
});

test("the server's refusals reach the caller typed", { skip }, async () => {
  const anonymous = createClient({ url: url ?? "" });
  const refused = take(subscribe(anonymous.transport, `run:${runId}`), 1);
  await assert.rejects(refused, (error: unknown) => {
    assert.ok(error instanceof StreamRefused);
    assert.equal(error.status, 401);
    assert.equal(error.kind, "unauthenticated");
    return true;
  });
  const owner = createClient({ url: url ?? "", auth: { mode: "bearer", token: key ?? "" } });
  await assert.rejects(take(subscribe(owner.transport, "nonsense"), 1), (error: unknown) => {
    assert.ok(error instanceof StreamRefused);
    assert.equal(error.status, 400);
    return true;
  });
  const unknown = "run:00000000-0000-0000-0000-000000000000";
  await assert.rejects(take(subscribe(owner.transport, unknown), 1), (error: unknown) => {
    assert.ok(error instanceof StreamRefused);
    assert.equal(error.status, 404);
    return true;
  });
});

test("resumes after the connection drops: no gap, no duplicate", { skip }, async () => {
  const tcp = await proxy(new URL(url ?? ""));
  try {
    const client = createClient({ url: tcp.url, auth: { mode: "bearer", token: key ?? "" } });
    const topic = `run:${liveRunId}`;
    const seen: number[] = [];
    let beforeDrop = 0; // the last seq yielded on the first connection
    let afterReconnect = 0;
    for await (const event of subscribe(client.transport, topic, { backoffMs: 10 })) {
      if (tcp.requests.length >= 2) afterReconnect += 1;
      else beforeDrop = event.seq;
      seen.push(event.seq);
      if (seen.length === 3) tcp.drop();
      if (afterReconnect >= 3) break;
    }
    assert.deepEqual(
      seen,
      seen.map((_, i) => i + 1),
      "every seq once, in order",
    );
    assert.equal(tcp.requests.length, 2, "one reconnection");
    assert.match(tcp.requests[0] ?? "", /^GET \/events\?topic=run%3A[0-9a-f-]+&after=0 /);
    assert.doesNotMatch(tcp.requests[0] ?? "", /last-event-id/i);
    const resumed = new RegExp(`last-event-id: ${topic}@${beforeDrop}\\r\\n`, "i");
    assert.match(tcp.requests[1] ?? "", resumed);
    assert.match(tcp.requests[1] ?? "", /authorization: Bearer /i);
  } finally {
    tcp.close();
  }
});

test("aborting ends the iteration and closes the connection", { skip }, async () => {
  const tcp = await proxy(new URL(url ?? ""));
  try {
    const client = createClient({ url: tcp.url, auth: { mode: "bearer", token: key ?? "" } });
    const controller = new AbortController();
    const seen: number[] = [];
    const topic = `run:${liveRunId}`;
    for await (const event of subscribe(client.transport, topic, { signal: controller.signal })) {
      seen.push(event.seq);
      if (seen.length === 2) controller.abort("done");
    }
    assert.deepEqual(seen, [1, 2], "nothing after the abort");
    await until(() => tcp.open() === 0, "the stream's connection is closed");

    // Aborted while waiting on a quiet topic (a finished run has nothing more to say).
    const quiet = new AbortController();
    setTimeout(() => quiet.abort(), 50);
    const rest = [];
    const options = { after: 3, signal: quiet.signal };
    for await (const event of subscribe(client.transport, `run:${runId}`, options)) {
      rest.push(event);
    }
    assert.deepEqual(rest, []);
    await until(() => tcp.open() === 0, "the quiet stream's connection is closed");
  } finally {
    tcp.close();
  }
});
