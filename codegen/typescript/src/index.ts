/** The JidoCode RPC client: the hand-written runtime plus the generated methods and types. */
export * from "./runtime.js";
export * from "./events.js";
export * from "./generated/client.js";
export type * from "./generated/types.js";
