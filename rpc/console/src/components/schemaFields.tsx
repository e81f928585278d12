// Form fields for a workflow's inputs, from its input schema (JSON Schema, an object):
// text for strings (a text area for long ones), numbers, a checkbox for booleans, a select
// for an enum, JSON for anything else. `inputsOf` turns what was typed into the inputs.
import type { JSX } from "preact";

export type FieldValues = Readonly<Record<string, string | boolean>>;

interface Field {
  readonly name: string;
  readonly schema: Record<string, unknown>;
  readonly required: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The top-level properties of an object schema, in their order. */
export function fieldsOf(schema: Record<string, unknown>): Field[] {
  const properties = isRecord(schema["properties"]) ? schema["properties"] : {};
  const required = Array.isArray(schema["required"]) ? schema["required"] : [];
  return Object.entries(properties).map(([name, sub]) => ({
    name,
    schema: isRecord(sub) ? sub : {},
    required: required.includes(name),
  }));
}

function typeOf(schema: Record<string, unknown>): string {
  const type = schema["type"];
  if (typeof type === "string") return type;
  if (Array.isArray(type)) return String(type.find((t) => t !== "null") ?? "string");
  return Array.isArray(schema["enum"]) ? "string" : "json";
}

/** What the fields start with: each property's `default`, when it has one. */
export function defaultsOf(schema: Record<string, unknown>): Record<string, string | boolean> {
  const values: Record<string, string | boolean> = {};
  for (const field of fieldsOf(schema)) {
    const fallback = field.schema["default"];
    const options = field.schema["enum"];
    if (fallback === undefined && field.required && Array.isArray(options) && options.length > 0) {
      values[field.name] = String(options[0]); // what the select shows first
      continue;
    }
    if (fallback === undefined) continue;
    const type = typeOf(field.schema);
    if (type === "boolean") values[field.name] = fallback === true;
    else if (type === "string" || type === "number" || type === "integer") values[field.name] = String(fallback);
    else values[field.name] = JSON.stringify(fallback, null, 2);
  }
  return values;
}

/** The inputs to send, or the first field that does not parse. */
export function inputsOf(
  schema: Record<string, unknown>,
  values: FieldValues,
): { readonly inputs: Record<string, unknown> } | { readonly problem: string } {
  const inputs: Record<string, unknown> = {};
  for (const field of fieldsOf(schema)) {
    const raw = values[field.name];
    const type = typeOf(field.schema);
    if (type === "boolean") {
      if (raw !== undefined || field.required) inputs[field.name] = raw === true;
      continue;
    }
    const text = typeof raw === "string" ? raw : "";
    if (text.trim() === "") {
      if (field.required) return { problem: `${field.name}: required` };
      continue;
    }
    if (type === "string") {
      inputs[field.name] = text;
    } else if (type === "number" || type === "integer") {
      const n = Number(text);
      if (!Number.isFinite(n) || (type === "integer" && !Number.isInteger(n))) {
        return { problem: `${field.name}: not ${type === "integer" ? "a whole number" : "a number"}` };
      }
      inputs[field.name] = n;
    } else {
      try {
        inputs[field.name] = JSON.parse(text) as unknown;
      } catch {
        return { problem: `${field.name}: not valid JSON` };
      }
    }
  }
  return { inputs };
}

export function SchemaFields(props: {
  readonly schema: Record<string, unknown>;
  readonly values: FieldValues;
  readonly onChange: (name: string, value: string | boolean) => void;
  /** Each field's test id is `<prefix><name>`. */
  readonly prefix: string;
}): JSX.Element {
  const fields = fieldsOf(props.schema);
  if (fields.length === 0) return <p class="muted">This workflow takes no inputs.</p>;
  return (
    <>
      {fields.map((field) => {
        const id = `${props.prefix}${field.name}`;
        const type = typeOf(field.schema);
        const description = typeof field.schema["description"] === "string" ? field.schema["description"] : "";
        const value = props.values[field.name];
        const text = typeof value === "string" ? value : "";
        const label = (
          <label for={id}>
            {typeof field.schema["title"] === "string" ? field.schema["title"] : field.name}
            {field.required ? " *" : ""}
          </label>
        );
        let control: JSX.Element;
        const options = field.schema["enum"];
        if (type === "boolean") {
          control = (
            <input
              id={id}
              type="checkbox"
              data-testid={id}
              checked={value === true}
              onChange={(e) => props.onChange(field.name, e.currentTarget.checked)}
            />
          );
        } else if (Array.isArray(options)) {
          control = (
            <select id={id} data-testid={id} value={text} onChange={(e) => props.onChange(field.name, e.currentTarget.value)}>
              {field.required ? null : <option value="">—</option>}
              {options.map((option) => (
                <option key={String(option)} value={String(option)}>
                  {String(option)}
                </option>
              ))}
            </select>
          );
        } else if (type === "number" || type === "integer") {
          control = (
            <input
              id={id}
              type="number"
              step={type === "integer" ? 1 : "any"}
              data-testid={id}
              value={text}
              onInput={(e) => props.onChange(field.name, e.currentTarget.value)}
            />
          );
        } else if (type === "string" && typeof field.schema["maxLength"] === "number" && field.schema["maxLength"] <= 200) {
          control = (
            <input id={id} type="text" data-testid={id} value={text} onInput={(e) => props.onChange(field.name, e.currentTarget.value)} />
          );
        } else {
          control = (
            <textarea
              id={id}
              data-testid={id}
              rows={type === "string" ? 4 : 6}
              class={type === "string" ? "" : "mono"}
              placeholder={type === "string" ? "" : "JSON"}
              value={text}
              onInput={(e) => props.onChange(field.name, e.currentTarget.value)}
            />
          );
        }
        return (
          <div key={field.name} class="field">
            {label}
            {control}
            {description ? <small class="muted">{description}</small> : null}
          </div>
        );
      })}
    </>
  );
}
