// Read something for a page: its value, its error, and a way to read it again.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";

import { messageOf } from "../api";

export interface Loaded<T> {
  readonly value: T | null;
  readonly error: string | null;
  readonly loading: boolean;
  /** Read again (the last answer wins; an older one arriving late is dropped). */
  readonly reload: () => Promise<void>;
  /** Replace the value (with what a mutation returned). */
  readonly set: (value: T) => void;
}

/** `read()` now and whenever `deps` change; `null` deps entries are fine. */
export function useLoad<T>(read: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const reader = useRef(read);
  reader.current = read;
  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const got = await reader.current();
      if (ticket !== latest.current) return;
      setValue(() => got);
      setError(null);
    } catch (caught) {
      if (ticket === latest.current) setError(messageOf(caught));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, []);
  useEffect(() => {
    void reload();
    return () => {
      latest.current += 1; // answers of a previous subject are dropped
    };
  }, deps);
  const set = useCallback((next: T) => {
    latest.current += 1;
    setValue(() => next);
    setError(null);
    setLoading(false);
  }, []);
  return { value, error, loading, reload, set };
}
