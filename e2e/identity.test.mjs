// The caller's side: a pasted credential chain or sign-in error fails the identity step that
// names what should have given the token, on a phone as on a desktop, and through the link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, step, outDir, fixture } from './harness.mjs';

const shared = useServerAndBrowser(before, after);
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function pasteAndWait(page, text, check) {
  await page.getByRole('textbox', { name: /Paste/ }).first().fill(text);
  const card = step(page, check);
  await card.and(page.locator('[data-status="fail"]')).waitFor();
  return card;
}

test('a lone DefaultAzureCredential block from App Service fails identity-credential, naming ManagedIdentityCredential', async () => {
  const { page, context, errors } = await openPage(shared.browser, shared.server.url, phone);
  const card = await pasteAndWait(page, fixture('caller/credential/net-dac-appservice-escaped.txt'), 'identity-credential');
  const verdict = page.locator('.verdict');
  assert.equal(await verdict.getAttribute('data-primary'), 'identity-credential');
  assert.match(await verdict.textContent(), /token/);
  assert.match(await card.textContent(), /on App Service ManagedIdentityCredential should apply/);
  assert.match(await card.textContent(), /az webapp identity assign/);

  // Whoever opens the link on a phone sees the same verdict, in view without scrolling.
  const link = await page.locator('#share-link').inputValue();
  const opened = await openPage(shared.browser, link, phone);
  await step(opened.page, 'identity-credential').and(opened.page.locator('[data-status="fail"]')).waitFor();
  assert.equal(await opened.page.locator('.verdict').textContent(), await verdict.textContent());
  const box = await opened.page.locator('.verdict').boundingBox();
  assert.ok(box && box.y < 844, `the verdict starts at ${box?.y}`);
  await opened.page.screenshot({ path: `${outDir}/identity-credential-phone-link.png` });
  assert.deepEqual(opened.errors, []);
  await opened.context.close();

  assert.deepEqual(errors, []);
  await context.close();
});

test('an AADSTS700016 line fails identity-app and an AADSTS53003 line identity-signin-policy', async () => {
  const { page, context, errors } = await openPage(shared.browser, shared.server.url, { viewport: { width: 1280, height: 900 } });
  const card = await pasteAndWait(page,
    "AADSTS700016: Application with identifier '00001111-aaaa-2222-bbbb-3333cccc4444' was not found in the directory 'contoso'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.",
    'identity-app');
  assert.equal(await page.locator('.verdict').getAttribute('data-primary'), 'identity-app');
  assert.match(await card.textContent(), /00001111-aaaa-2222-bbbb-3333cccc4444/);
  await page.screenshot({ path: `${outDir}/identity-app-desktop.png`, fullPage: true });

  await pasteAndWait(page,
    'AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
    'identity-signin-policy');
  assert.equal(await page.locator('.verdict').getAttribute('data-primary'), 'identity-signin-policy');
  assert.deepEqual(errors, []);
  await context.close();
});
