// Loads the page's WebAssembly. External (not inline) so the CSP can forbid inline script.
// The JS and wasm names carry a content hash; index.html names them in its preload links
// (written at build time by scripts/stamp-index.mjs).
const named = (kind) => document.querySelector(`link[data-kvdoctor="${kind}"]`)?.href;

async function start() {
  const js = named('js');
  const wasm = named('wasm');
  if (!js || !wasm) throw new Error('index.html does not name the page\'s code');
  const { default: init } = await import(js);
  await init({ module_or_path: wasm });
}

start().catch((error) => {
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.textContent = `kvdoctor could not start in this browser: ${error}. The kvdoctor command-line tool gives the same diagnosis.`;
  document.body.append(message);
});

// The bug notice (src/ui/crash.rs) appears after the wasm has stopped, so its copy button is
// served from here: plain DOM, no wasm.
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
