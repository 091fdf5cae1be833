// Loads the page's WebAssembly. External (not inline) so the CSP can forbid inline script.
// The JS and wasm names carry a content hash; index.html names them in its preload links
// (written at build time by scripts/stamp-index.mjs).
const named = (kind) => document.querySelector(`link[data-kvdoctor="${kind}"]`)?.href;

async function start() {
  const js = named('js');
  const wasm = named('wasm');
  if (!js || !wasm) throw new Error('index.html does not name the page\'s code');
  // The static first screen paints first: compiling and starting the wasm would otherwise hold
  // the main thread before the browser has shown anything (the code keeps downloading meanwhile).
  await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted, 0)));
  const { default: init } = await import(js);
  await init({ module_or_path: wasm });
}

start().catch((error) => {
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.textContent = `kvdoctor could not start in this browser: ${error}. The kvdoctor command-line tool gives the same diagnosis.`;
  document.body.append(message);
});

// The engine runs in a Web Worker (static/engine-worker.js, named by index.html's
// `kvdoctor-engine` meta tag): a second wasm, fetched when the page first needs a diagnosis,
// never at load. Requests and answers are bytes of src/engine/protocol, which this script
// passes along unread; the pastes travel beside the request. A failure is a value
// { kind: 'crashed' | 'unavailable' | 'stalled', message } (src/ui/engine.rs reads it). A worker that failed (a bug in the engine) is dropped: the next request starts
// a fresh one. A worker that dies without a word, or stops answering, is replaced and every
// request it held is sent once more; a second silence is `stalled`, never a bug.
const engineScript = () => document.querySelector('meta[name="kvdoctor-engine"]')?.content;
// Test hooks (e2e/supervision.test.mjs), unset in normal use: `kvdoctor-test-hang` makes the
// worker ignore a request whose pastes hold "kvdoctor-test-hang" ("once": its first sending
// only), `kvdoctor-test-deadline-ms` shortens the bound below.
const testFlag = (name) => { try { return sessionStorage.getItem(name); } catch { return null; } };
const testHang = testFlag('kvdoctor-test-hang');
const testBound = Number(testFlag('kvdoctor-test-deadline-ms'));
// How long a request may go unanswered before its worker is taken for dead. The engine needs
// 0.2 s for a 5 MB paste on a desktop, a third of a second per MB on a busy 2-core test
// machine; a slow phone may be ten times slower still. 30 s plus 3 s per MB of pastes covers
// that, yet notices a dead worker while someone still waits. A worker still loading the engine
// gets the bound again once loaded: a slow line is not a dead worker.
const bound = (texts) => testBound || 30_000 + texts.reduce((sum, text) => sum + text.length, 0) * 0.003;
const failure = (kind, message) => ({ kind, message });
let worker;
let asked = 0;
// id → { message: what the worker is sent besides the id, texts, resolve, reject, sent: times
// sent, timer }; one entry per unanswered request, removed by its one answer.
const pending = new Map();
const settle = (id) => {
  const entry = pending.get(id);
  pending.delete(id);
  clearTimeout(entry?.timer);
  return entry;
};
const arm = (entry) => {
  clearTimeout(entry.timer);
  entry.timer = setTimeout(() => replace(failure('stalled', 'the engine stopped answering')), bound(entry.texts));
};
const send = (id, entry) => {
  worker ??= startWorker();
  entry.sent += 1;
  arm(entry);
  const hang = testHang && (testHang !== 'once' || entry.sent === 1)
    && entry.texts.some((text) => text.includes('kvdoctor-test-hang'));
  worker.postMessage({ id, ...entry.message, texts: entry.texts, ...(hang && { hang }) });
};
// The worker died or stopped answering: a fresh one gets every request it held once more; a
// request already sent twice fails with `problem`.
const replace = (problem) => {
  worker?.terminate();
  worker = undefined;
  for (const [id, entry] of pending) {
    try {
      if (entry.sent < 2) { send(id, entry); continue; }
    } catch (error) { problem = error.kind ? error : failure('unavailable', String(error?.message ?? error)); }
    settle(id).reject(problem);
  }
};
// A bug in the engine: the bug notice speaks for every request its worker held (none may land
// after it, such as a link to the case that met the bug).
const failAll = (problem) => {
  for (const id of [...pending.keys()]) settle(id).reject(problem);
  worker?.terminate();
  worker = undefined;
};
const startWorker = () => {
  const script = engineScript();
  if (!script) throw failure('unavailable', 'index.html does not name the engine');
  const started = new Worker(new URL(script, document.baseURI), { type: 'module' });
  started.onmessage = ({ data }) => {
    if (started !== worker) return; // a replaced worker's late word
    if (data.loaded) return pending.forEach(arm);
    if (data.lost) return replace(failure('stalled', data.lost));
    const waiting = settle(data.id);
    if (!data.failure) return waiting?.resolve(data.answer ?? data.texts);
    waiting?.reject(data.failure);
    failAll(data.failure);
  };
  started.onerror = (event) => replace(failure('unavailable', `the engine did not start (${event.message || 'blocked or missing'})`));
  started.onmessageerror = () => replace(failure('stalled', 'an answer from the engine could not be read'));
  return started;
};
// One message to the worker and the pastes' texts → its answer.
const ask = (message, texts) => new Promise((resolve, reject) => {
  const entry = { message, texts, resolve, reject, sent: 0 };
  asked += 1;
  send(asked, entry);
  pending.set(asked, entry);
});
window.kvdoctorEngine = {
  // One encoded request (bytes) and the pastes' texts → the encoded answer (bytes).
  call: (request, texts) => ask({ request }, texts),
  // Starts fetching the engine before the first request (the user is about to paste).
  warm: () => { try { worker ??= startWorker(); } catch { /* said by the first request */ } },
  // The bug notice (src/ui/crash.rs): says so, keeps the pastes on screen, drops the link of a
  // case no longer shown, and quotes the failing input with secrets removed by the engine.
  // `texts`: the vault field's text, then the pastes'.
  crashNotice: async (header, texts) => {
    if (document.body.dataset.crashed) return; // one notice: the first bug is the one to report
    history.replaceState(null, '', location.href.split('#')[0]);
    document.body.dataset.crashed = 'true';
    const element = (tag, text, attributes = {}) => {
      const made = document.createElement(tag);
      if (text) made.textContent = text;
      for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
      return made;
    };
    const area = element('textarea', `${header}\n(Removing secrets from the pastes…)`,
      { id: 'crash-report', readonly: '', 'aria-label': 'Bug report: the failing input' });
    const notice = element('section', '', { class: 'crash', role: 'alert' });
    notice.append(
      element('h2', 'kvdoctor hit a bug on this input — your pastes are kept'),
      element('p', 'The diagnosis stopped. Your pastes are still below: copy them before reloading. The text here (secrets removed) is what a bug report needs.'),
      area,
      element('button', 'Copy the failing input', { type: 'button', 'data-copy-from': 'crash-report' }),
    );
    document.body.prepend(notice);
    try {
      // The first text is the vault field's, cleaned like the pastes after it.
      const [vault, ...pastes] = await ask({ redact: true }, texts);
      area.value = `${header}vault name: ${vault}\n` + pastes.map((t, i) => `\n--- paste ${i + 1} ---\n${t}\n`).join('');
    } catch (error) {
      area.value = `${header}\n(The pastes are left out: secrets could not be removed from them: ${error.message}.)\n`;
    }
  },
};

// The engine starts loading (its worker fetches and compiles it while it streams) after the
// first paint, as soon as there is something to do: at once on a link opened (the app would ask
// for its case anyway, once its own wasm had arrived and started), else at the first sign of
// someone at the page: a pointer that moves or presses, a key, a touch, a wheel, a focus, or the
// tab shown after it was opened hidden. A page opened without a link and left alone never
// fetches it. Chosen by measurement (bench/engine-trigger.mjs, brotli on the bench's 1.6 Mbit/s +
// 150 ms line, medians of 3; numbers in the commit): against starting on the paste box's focus,
// a paste's first report lands 0.4-0.5 s sooner and a link's 0.5 s sooner (its app starts about
// 0.15 s later: the engine shares the line with the shell), first paint unchanged. Starting at
// idle after load instead would fetch the engine for every visitor who only looks.
{
  const signs = ['pointermove', 'pointerdown', 'keydown', 'touchstart', 'wheel', 'focusin'];
  const painted = new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  const start = () => {
    signs.forEach((type) => removeEventListener(type, start, true));
    document.removeEventListener('visibilitychange', shown);
    painted.then(() => window.kvdoctorEngine.warm());
  };
  const shown = () => { if (!document.hidden) start(); };
  signs.forEach((type) => addEventListener(type, start, { capture: true, passive: true }));
  document.addEventListener('visibilitychange', shown);
  if (location.hash.length > 1) start();
}

// The bug notice's copy button: plain DOM, no wasm (the page's module may have stopped).
document.addEventListener('click', async (event) => {
  const button = event.target.closest?.('[data-copy-from]');
  const source = button && document.getElementById(button.dataset.copyFrom);
  if (!source) return;
  try {
    await navigator.clipboard.writeText(source.value);
    button.textContent = 'Copied';
  } catch {
    source.select();
    button.textContent = 'Selected: press Ctrl+C to copy';
  }
});
