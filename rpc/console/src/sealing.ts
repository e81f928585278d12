// Secrets typed in the browser never travel in clear: each is sealed (a libsodium sealed
// box, X25519 + XSalsa20-Poly1305) to the server's public key from `setup.get_sealing_key`
// and sent as `sealed_value`. Only the server's private key opens it.
//
// Encoding, as domains/setup/service_intake.py `read_secret_input` decodes it: the key
// arrives and the box leaves as standard base64 with padding (`base64.b64decode(...,
// validate=True)`), the plaintext is UTF-8.
//
// libsodium-wrappers runs its WebAssembly build (allowed by the page's CSP
// `script-src 'self' 'wasm-unsafe-eval'`) and falls back to its wasm2js build, which is plain
// JavaScript; neither uses `eval` or `new Function`.
import type sodiumModule from "libsodium-wrappers";

type Sodium = typeof sodiumModule;

import { client } from "./api";

// libsodium is most of the bundle's weight: it is its own chunk, fetched and compiled when a
// secret is first sealed, never at page load.
let loaded: Promise<Sodium> | null = null;

function sodiumReady(): Promise<Sodium> {
  loaded ??= (async () => {
    const sodium = (await import("libsodium-wrappers")).default;
    await sodium.ready;
    return sodium;
  })().catch((error: unknown) => {
    loaded = null; // let the next secret try again
    throw error;
  });
  return loaded;
}

const ALGORITHM = "x25519-xsalsa20-poly1305-sealedbox";

/** Seal `value` to the server's current sealing key: the base64 box for `sealed_value`. */
export async function seal(value: string): Promise<string> {
  // The key is read for every secret: it is one cheap call, and a box sealed to a key the
  // server replaced (a wiped database) would not open.
  const [key, sodium] = await Promise.all([client.setup.get_sealing_key(), sodiumReady()]);
  if (key.algorithm !== ALGORITHM) {
    throw new Error(`the server seals with ${key.algorithm}, which this console does not know`);
  }
  const publicKey = sodium.from_base64(key.public_key, sodium.base64_variants.ORIGINAL);
  if (publicKey.length !== sodium.crypto_box_PUBLICKEYBYTES) {
    throw new Error("the server's sealing key is not an X25519 public key");
  }
  const plaintext = sodium.from_string(value);
  try {
    const box = sodium.crypto_box_seal(plaintext, publicKey);
    return sodium.to_base64(box, sodium.base64_variants.ORIGINAL);
  } finally {
    sodium.memzero(plaintext); // the copy we made; the caller drops the string
  }
}
