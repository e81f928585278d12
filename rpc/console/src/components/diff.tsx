// A unified diff, line by line (`diff-line`, `data-kind` = add | del | hunk | ctx).
import { Fragment, type JSX } from "preact";

export type DiffKind = "add" | "del" | "hunk" | "ctx";

/** Each line of a unified diff with its kind; file headers (`diff --git`, `index`,
 * `---`/`+++` before the first `@@`) count as hunk headers, so a removed `-- x` line
 * inside a hunk stays a deletion. */
export function diffLines(text: string): { readonly line: string; readonly kind: DiffKind }[] {
  let header = true;
  return text
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => {
      let kind: DiffKind;
      if (line.startsWith("diff ")) {
        header = true;
        kind = "hunk";
      } else if (line.startsWith("@@")) {
        header = false;
        kind = "hunk";
      } else if (header) {
        kind = "hunk"; // index, mode, ---/+++ and "Binary files ... differ" lines
      } else if (line.startsWith("+")) {
        kind = "add";
      } else if (line.startsWith("-")) {
        kind = "del";
      } else {
        kind = "ctx";
      }
      return { line, kind };
    });
}

export function DiffView(props: { readonly text: string; readonly testid: string }): JSX.Element {
  return (
    <pre class="diff" data-testid={props.testid}>
      {props.text.trim() === "" ? (
        <span class="muted">No changes.</span>
      ) : (
        diffLines(props.text).map(({ line, kind }, i) => (
          <Fragment key={i}>
            <span class={kind} data-testid="diff-line" data-kind={kind}>
              {line}
            </span>
            {"\n"}
          </Fragment>
        ))
      )}
    </pre>
  );
}
