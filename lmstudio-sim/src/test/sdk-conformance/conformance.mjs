// Drives the official @lmstudio/sdk against a running simulator.
// Usage: node conformance.mjs ws://127.0.0.1:PORT [apiToken [--expect-auth-failure]]
// Prints "OK <step>" per passed step; exits non-zero on the first failure (an SDK schema mismatch shows up as a timeout).
import { LMStudioClient } from "@lmstudio/sdk";

const [baseUrl, apiToken, mode] = process.argv.slice(2);
const within = (ms, what, promise) => Promise.race([promise,
  new Promise((_, reject) => setTimeout(() => reject(new Error(`timeout after ${ms} ms: ${what}`)), ms))]);
const check = (cond, what) => { if (!cond) throw new Error(`check failed: ${what}`); };
const ok = (step) => console.log(`OK ${step}`);

async function main() {
  const client = new LMStudioClient({ baseUrl, ...(apiToken ? { apiToken } : {}), logger: { info() {}, warn: console.error, error: console.error, debug() {} } });

  if (mode === "--expect-auth-failure") {
    let message = "";
    try { await within(10000, "version with a wrong token", client.system.getLMStudioVersion()); } catch (e) { message = String(e); }
    check(message.includes("authenticate"), `rejected as an authentication failure, got: ${message}`);
    ok("wrong token rejected");
    return;
  }

  const version = await within(10000, "version", client.system.getLMStudioVersion());
  check(typeof version.version === "string", "version string");
  ok(`version ${version.version}`);

  const downloaded = await within(10000, "listDownloadedModels", client.system.listDownloadedModels());
  check(downloaded.length >= 8, "at least 8 downloaded models");
  check(downloaded.some((m) => m.type === "embedding"), "an embedding model");
  check(downloaded.some((m) => m.format === "safetensors"), "an MLX model reported as safetensors");
  ok(`listDownloadedModels ${downloaded.length}`);

  check((await within(10000, "listLoaded", client.llm.listLoaded())).length === 0, "nothing loaded at start");
  ok("listLoaded empty");

  const progress = [];
  const model = await within(30000, "load", client.llm.load("google/gemma-3-1b", {
    config: { contextLength: 8192, gpu: { ratio: 0.5 } }, ttl: 600,
    onProgress: (p) => progress.push(p),
  }));
  check(model.identifier === "google/gemma-3-1b", `identifier ${model.identifier}`);
  check(progress.length >= 3, `progress events ${progress.length}`);
  check(progress.every((p, i) => i === 0 || p > progress[i - 1]), "progress strictly increasing");
  check(progress[progress.length - 1] === 1, "progress ends at 1");
  const info = await within(10000, "getModelInfo", model.getModelInfo());
  check(info.contextLength === 8192, `contextLength ${info.contextLength}`);
  ok(`load with ${progress.length} progress events`);

  const second = await within(30000, "second load", client.llm.load("google/gemma-3-1b"));
  check(second.identifier === "google/gemma-3-1b:2", `second identifier ${second.identifier}`);
  ok("second load gets :2");

  const controller = new AbortController();
  const cancelled = client.llm.load("qwen/qwen3-32b", {
    signal: controller.signal,
    onProgress: (p) => { if (p > 0.05) controller.abort(); },
  });
  let rejected = false;
  try { await within(30000, "cancelled load", cancelled); } catch (e) { rejected = !String(e).includes("timeout after"); }
  check(rejected, "cancelled load rejects");
  let stillThere = true;
  for (let i = 0; i < 50 && stillThere; i++) {
    const loaded = await within(10000, "listLoaded", client.llm.listLoaded());
    stillThere = loaded.some((m) => m.modelKey === "qwen/qwen3-32b");
    if (stillThere) await new Promise((r) => setTimeout(r, 100));
  }
  check(!stillThere, "cancelled model not loaded");
  ok("cancel");

  let failed = false;
  try { await within(10000, "unknown load", client.llm.load("totally/made-up-9000")); } catch (e) { failed = !String(e).includes("timeout after"); }
  check(failed, "unknown model load rejects");
  ok("unknown model rejected");

  await within(10000, "unload", second.unload());
  await within(10000, "unload", model.unload());
  check((await within(10000, "listLoaded", client.llm.listLoaded())).length === 0, "nothing loaded after unload");
  ok("unload");

  const jit = await within(30000, "getOrLoad", client.llm.model("qwen/qwen3-4b-2507"));
  check(jit.identifier === "qwen/qwen3-4b-2507", `getOrLoad identifier ${jit.identifier}`);
  const again = await within(30000, "getOrLoad again", client.llm.model("qwen/qwen3-4b-2507"));
  check(again.identifier === jit.identifier, "getOrLoad reuses the loaded instance");
  ok("getOrLoad");

  const embedding = await within(30000, "embedding load", client.embedding.load("text-embedding-nomic-embed-text-v1.5"));
  const embeddings = await within(10000, "embedding listLoaded", client.embedding.listLoaded());
  check(embeddings.length === 1 && embeddings[0].identifier === embedding.identifier, "embedding listed");
  await within(10000, "embedding unload", embedding.unload());
  ok("embedding load/unload");

  await within(10000, "unload jit", jit.unload());
  ok("done");
}

main().then(() => process.exit(0), (e) => { console.error(`FAIL ${e && e.stack ? e.stack : e}`); process.exit(1); });
