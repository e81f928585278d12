// Live topics in a page: `useTopic("run:<id>")` follows `GET /events` through the client's
// iterator (which reconnects with its cursor, so a drop loses nothing) and gives the
// events so far, where the stream is, and whether a sequence gap was seen.
import { CursorExpired, type EventOfTopic, type StreamState } from "@jidocode/rpc-client";
import { useEffect, useRef, useState } from "preact/hooks";

import { client, messageOf } from "./api";

/** What the page shows in `stream-state`. */
export type LiveState = "connecting" | "live" | "reconnecting";

export interface TopicOptions<E> {
  /** Only events after this seq (default 0: everything still kept). */
  readonly after?: number;
  /** Stop following once an event matches (a session that ended says nothing more). */
  readonly until?: (event: E) => boolean;
}

export interface TopicView<E> {
  /** Every event received, in seq order, none twice. */
  readonly events: readonly E[];
  readonly state: LiveState;
  /** A seq jumped past last + 1 (events pruned, or lost): shown, never hidden. */
  readonly gap: boolean;
  /** `until` matched: the stream is closed on purpose. */
  readonly ended: boolean;
  /** The stream was refused or gave up (the page says why). */
  readonly error: string | null;
  /** The seq of the last event received (the cursor). */
  readonly last: number;
}

const LIVE: Record<StreamState, LiveState> = {
  connecting: "connecting",
  open: "live",
  reconnecting: "reconnecting",
};
// Events arriving together are drawn together (one render per burst, not per event).
const FLUSH_MS = 30;

function initial<E>(after: number): TopicView<E> {
  return { events: [], state: "connecting", gap: false, ended: false, error: null, last: after };
}

/** Follow `topic` (none while it is `null`) until the component unmounts or it changes. */
export function useTopic<K extends string>(
  topic: K | null,
  options: TopicOptions<EventOfTopic<K>> = {},
): TopicView<EventOfTopic<K>> {
  type E = EventOfTopic<K>;
  const after = options.after ?? 0;
  const until = useRef(options.until);
  until.current = options.until;
  const [view, setView] = useState<TopicView<E>>(() => initial<E>(after));

  useEffect(() => {
    setView(initial<E>(after));
    if (topic === null) return undefined;
    let alive = true;
    const stop = new AbortController();
    const events: E[] = [];
    let state: LiveState = "connecting";
    let gap = false;
    let ended = false;
    let error: string | null = null;
    let last = after;
    let timer: ReturnType<typeof setTimeout> | null = null;

    const flush = (): void => {
      timer = null;
      if (alive) setView({ events: events.slice(), state, gap, ended, error, last });
    };
    const soon = (): void => {
      if (alive && timer === null) timer = setTimeout(flush, FLUSH_MS);
    };
    const onState = (next: StreamState): void => {
      state = LIVE[next];
      soon();
    };

    const follow = async (): Promise<void> => {
      let from = after;
      for (;;) {
        try {
          const stream = client.subscribe(topic, { after: from, signal: stop.signal, onState });
          for await (const event of stream) {
            if (event.seq > last + 1) gap = true;
            last = event.seq;
            events.push(event);
            soon();
            if (until.current?.(event)) {
              ended = true;
              stop.abort();
              break;
            }
          }
          return;
        } catch (caught) {
          if (stop.signal.aborted) return;
          if (caught instanceof CursorExpired) {
            // What was kept is gone up to `earliest`: say so, and go on from there.
            gap = true;
            from = Math.max(last, caught.earliest);
            soon();
            continue;
          }
          error = messageOf(caught);
          soon();
          return;
        }
      }
    };
    void follow().finally(soon);

    return () => {
      alive = false;
      stop.abort();
      if (timer !== null) clearTimeout(timer);
    };
  }, [topic, after]);

  return view;
}
