// A terminal-like pane of output lines (`output-line`, `data-step` = the run step).
import { Fragment, type JSX } from "preact";
import { useEffect, useRef } from "preact/hooks";

import type { OutputLine } from "./sessionLines";

export function OutputPane(props: {
  readonly lines: readonly OutputLine[];
  readonly testid: string;
  readonly empty?: string;
}): JSX.Element {
  const box = useRef<HTMLPreElement>(null);
  const pinned = useRef(true); // follow the end unless the reader scrolled up
  useEffect(() => {
    const el = box.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [props.lines.length]);
  const onScroll = (): void => {
    const el = box.current;
    if (el) pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
  };
  // Lines are spans inside a <pre>, each followed by its line break (not part of its text).
  return (
    <pre class="output" data-testid={props.testid} ref={box} onScroll={onScroll}>
      {props.lines.length === 0 ? <span class="muted">{props.empty ?? "No output yet."}</span> : null}
      {props.lines.map((line) => (
        <Fragment key={line.key}>
          <span class={`line ${line.kind}`} data-testid="output-line" data-kind={line.kind} data-step={line.step ?? ""}>
            {line.step ? `[${line.step}] ` : ""}
            {line.text}
          </span>
          {"\n"}
        </Fragment>
      ))}
    </pre>
  );
}
