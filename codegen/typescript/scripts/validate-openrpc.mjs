// Validates an OpenRPC document with the OpenRPC project's own tooling
// (@open-rpc/schema-utils-js): the meta-schema check, then a full parse that
// dereferences every $ref. Usage: node scripts/validate-openrpc.mjs FILE
// Prints "valid: N methods" and exits 0, or prints the problems and exits 1.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { validateOpenRPCDocument, parseOpenRPCDocument } = require("@open-rpc/schema-utils-js");

const file = process.argv[2];
if (!file) {
  console.error("usage: validate-openrpc.mjs FILE");
  process.exit(2);
}
const document = JSON.parse(await readFile(file, "utf8"));
const verdict = validateOpenRPCDocument(document);
if (verdict !== true) {
  console.error(verdict instanceof Error ? verdict.message : JSON.stringify(verdict, null, 2));
  process.exit(1);
}
try {
  const parsed = await parseOpenRPCDocument(structuredClone(document), { dereference: true });
  console.log(`valid: ${parsed.methods.length} methods`);
} catch (error) {
  const message = error instanceof Error ? error.message : undefined;
  console.error(message ?? JSON.stringify(error, null, 2));
  process.exit(1);
}
