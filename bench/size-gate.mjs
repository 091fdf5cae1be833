// The size gate: the built page (dist/) against the budget file budgets.json at the repository's
// root. Run by scripts/test after build_page (it builds nothing); exits 1 naming every item over
// its budget, with its size and its budget. `node bench/size-gate.mjs [dist]`; BUDGETS=file reads
// another budget file (e2e/size-gate.test.mjs).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pageSizes, kb } from './sizes.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const budgetFile = process.env.BUDGETS ?? `${root}budgets.json`;
export const budgets = JSON.parse(readFileSync(budgetFile, 'utf8'));
const ITEMS = ['first download', 'shell wasm', 'engine wasm'];
for (const item of [...ITEMS, 'goal first download']) {
  if (!Number.isInteger(budgets[item]) || budgets[item] <= 0) throw new Error(`${budgetFile}: "${item}" must be a positive number of bytes`);
}

/** Each item's { item, bytes, budget, over } for a built page's sizes (bench/sizes.mjs). */
export function gate(sizes, limits = budgets) {
  const measured = { 'first download': sizes.firstTotal, 'shell wasm': sizes.shellWasm, 'engine wasm': sizes.engineWasm };
  return ITEMS.map((item) => ({ item, bytes: measured[item], budget: limits[item], over: measured[item] > limits[item] }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = process.argv[2] ?? `${root}dist`;
  const sizes = pageSizes(dist);
  const rows = gate(sizes);
  for (const { item, bytes, budget, over } of rows) {
    console.log(`${item.padEnd(16)} ${String(bytes).padStart(8)} B  ${kb(bytes).padStart(9)}   budget ${kb(budget).padStart(9)}   ${over ? 'OVER' : 'ok'}`);
  }
  const goal = budgets['goal first download'];
  console.log(`goal: first download <= ${kb(goal)} (now ${kb(sizes.firstTotal)}, ${sizes.firstTotal > goal ? `${kb(sizes.firstTotal - goal)} to cut` : 'met'})`);
  const over = rows.filter((r) => r.over);
  if (over.length) {
    for (const { item, bytes, budget } of over) {
      console.error(`size gate: ${item} is ${bytes} bytes brotli (${kb(bytes)}), over its budget of ${budget} bytes (${kb(budget)}) in budgets.json by ${bytes - budget} bytes`);
    }
    console.error('Cut the size, or raise the line in budgets.json (a change reviewers see) and say why in its "why".');
    process.exit(1);
  }
}
