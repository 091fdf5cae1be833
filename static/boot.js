// Loads the page's WebAssembly. External (not inline) so the CSP can forbid inline script.
import init from './kvdoctor.js';

init({ module_or_path: new URL('kvdoctor_bg.wasm', import.meta.url) }).catch((error) => {
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.textContent = `kvdoctor could not start in this browser: ${error}. The kvdoctor command-line tool gives the same diagnosis.`;
  document.body.append(message);
});
