// Builds the console into dist/: index.html and content-hashed assets under dist/assets/.
// The bundle is committed (it ships as package data, so `jidocode serve` needs no Node);
// `node build.mjs --check` builds into a temporary folder and fails when dist/ differs.
import { build } from "esbuild";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const check = process.argv.includes("--check");
const out = check ? mkdtempSync(join(tmpdir(), "jidocode-console-")) : join(here, "dist");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "assets"), { recursive: true });

const result = await build({
  // Hashes and paths must not depend on where the build is started from.
  absWorkingDir: here,
  entryPoints: [join(here, "src", "main.tsx")],
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2022"],
  platform: "browser",
  jsx: "automatic",
  jsxImportSource: "preact",
  outdir: join(out, "assets"),
  entryNames: "[name]-[hash]",
  chunkNames: "[name]-[hash]",
  assetNames: "[name]-[hash]",
  // Code only some pages need (libsodium, for sealing a secret) loads when first used.
  splitting: true,
  metafile: true,
  legalComments: "none",
  logLevel: "warning",
  // The console speaks to the server only through the generated client.
  alias: { "@jidocode/rpc-client": join(here, "..", "..", "codegen", "typescript", "src", "index.ts") },
  // libsodium-wrappers mentions Node's modules behind a runtime check; none runs here.
  external: ["crypto", "path", "fs"],
});

const entry = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint);
if (!entry || !entry[1].cssBundle) throw new Error("the build made no entry script and style");
const script = relative(join(out, "assets"), entry[0]);
const style = relative(join(out, "assets"), entry[1].cssBundle);
const html = readFileSync(join(here, "src", "index.html"), "utf8")
  .replace("%SCRIPT%", `/assets/${script}`)
  .replace("%STYLE%", `/assets/${style}`);
writeFileSync(join(out, "index.html"), html);

if (check) {
  const listing = (root) =>
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(root, join(e.parentPath ?? e.path, e.name)))
      .sort();
  const built = listing(out);
  const committed = listing(join(here, "dist"));
  const differs =
    built.join("\n") !== committed.join("\n") ||
    built.some((f) => !readFileSync(join(out, f)).equals(readFileSync(join(here, "dist", f))));
  rmSync(out, { recursive: true, force: true });
  if (differs) {
    console.error("rpc/console/dist is out of date: run `npm run build` in rpc/console");
    process.exit(1);
  }
  console.log("rpc/console/dist is current");
}
