// Hash routes (#/runs/<id>): the server serves one page, and a reload keeps the place.
import { useEffect, useState } from "preact/hooks";

export interface Route {
  readonly path: string;
  readonly parts: readonly string[];
}

function current(): Route {
  const path = window.location.hash.replace(/^#/, "") || "/";
  return { path, parts: path.split("/").filter(Boolean) };
}

/** The current route, following hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const onChange = (): void => setRoute(current());
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

/** Go to a route (`navigate("/runs/" + id)`). */
export function navigate(path: string): void {
  window.location.hash = path;
}
