// What a visitor does in the benchmarks: points at the paste box, then pastes a whole text at
// once and waits for the verdict. Shared by e2e/bench.mjs and bench/engine-trigger.mjs so both
// measure the same gesture.

/** Moves the pointer onto the first paste box; resolves to that box. */
export async function pointAtPasteBox(page) {
  const box = page.getByRole('textbox', { name: /Paste 1/ });
  // The app may be swapping the static box for its own just then: ask until it has a box.
  let at = await box.boundingBox();
  while (!at) at = await box.boundingBox();
  await page.mouse.move(at.x + 10, at.y + 10, { steps: 5 });
  return box;
}

/** Clicks `box`, lands `text` in one input event (a Ctrl+V, not Playwright's fill, which types
 * 3 KB in about a second), and resolves to `performance.now()` once a verdict is drawn. */
export async function pasteAndAwaitVerdict(page, box, text) {
  await box.click();
  await box.evaluate((area, pasted) => {
    area.value = pasted;
    area.dispatchEvent(new InputEvent('input', { bubbles: true }));
  }, text);
  await page.locator('.verdict[data-primary]:not([data-primary=""])').waitFor({ timeout: 120_000 });
  return page.evaluate(() => performance.now());
}
