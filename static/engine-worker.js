// The engine's Web Worker: a module worker running the engine's own wasm (src/bin/kvdoctor-engine.rs).
// The page's CSP reaches it through its response headers (script-src 'self' 'wasm-unsafe-eval').
// scripts/stamp-index.mjs writes the engine's content-hashed names in place of the two below,
// then hashes this file too. Message: { id, request, texts } → { id, answer } (JSON text), or
// { id, crashed } when the engine failed: the page then drops this worker for a fresh one.
import init, { answer } from './kvdoctor-engine.js';

const ready = init({ module_or_path: new URL('./kvdoctor-engine_bg.wasm', import.meta.url) });

self.onmessage = async ({ data }) => {
  try {
    await ready;
    self.postMessage({ id: data.id, answer: answer(data.request, data.texts) });
  } catch (error) {
    // The engine's panic message (src/bin/kvdoctor-engine.rs), else what the browser said.
    self.postMessage({ id: data.id, crashed: self.kvdoctorPanic ?? String(error) });
  }
};
