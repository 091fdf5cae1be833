// The engine's Web Worker: a module worker running the engine's own wasm (src/bin/kvdoctor-engine.rs).
// Its CSP comes from its own response headers (script-src 'self' 'wasm-unsafe-eval'); on a host
// with only index.html's meta CSP (GitHub Pages) it runs without one.
// scripts/stamp-index.mjs writes the engine's content-hashed names in place of the two below,
// then hashes this file too. Messages: { id, request, texts } → { id, answer } (the request and
// the answer are bytes of src/engine/protocol; this script never reads them), { id, redact,
// texts } → { id, texts } (the bug notice's pastes, secrets removed), or { id, failure: { kind,
// message } } with kind `crashed` (a bug in the engine) or `unavailable` (it could not be
// loaded): the page then drops this worker for a fresh one. { loaded } says the engine is
// ready (the page's deadline then counts the engine's work only), { lost } that this worker
// can answer no more.
// The wasm is fetched while the glue loads (two round trips, not three, on a slow line).
const wasm = fetch(new URL('./kvdoctor-engine_bg.wasm', import.meta.url));
const engineModule = import('./kvdoctor-engine.js');
const ready = engineModule.then(({ default: init }) => init({ module_or_path: wasm }));
// A failed fetch is reported with the first request's answer, not as an unhandled rejection.
wasm.catch(() => {});
ready.then(() => self.postMessage({ loaded: true }), () => {});
// Set while the engine works. Still set when a request arrives, the last call was cut short
// (a trap, or its execution terminated): the wasm's memory is left mid-call (the session's
// RefCell still borrowed), so nothing more may run in it, and the page gets a fresh worker.
let working = false;

self.onmessage = async ({ data }) => {
  let engine;
  try {
    await ready;
    engine = await engineModule;
  } catch (error) {
    // Not a bug: the engine did not arrive (offline, blocked). The page says so and retries.
    self.postMessage({ id: data.id, failure: { kind: 'unavailable', message: `the engine could not be loaded (${error})` } });
    return;
  }
  if (data.hang) return; // the browser tests' stand-in for an engine that never answers
  if (working) {
    self.postMessage({ lost: 'the engine was interrupted' });
    return;
  }
  working = true;
  try {
    if (data.redact) {
      self.postMessage({ id: data.id, texts: engine.redact(data.texts) });
    } else {
      const answer = engine.answer(data.request, data.texts);
      self.postMessage({ id: data.id, answer }, [answer.buffer]);
    }
    working = false;
  } catch (error) {
    // The engine's panic message (src/bin/kvdoctor-engine.rs), else what the browser said.
    self.postMessage({ id: data.id, failure: { kind: 'crashed', message: self.kvdoctorPanic ?? String(error) } });
  }
};
