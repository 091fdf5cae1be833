// The user's one choice of host (issue 21): where the code runs, when the pastes do not say,
// picks the commands to run there; the share link carries it, so whoever opens it sees the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, step, outDir } from './harness.mjs';

const shared = useServerAndBrowser(before, after);
const desktop = { viewport: { width: 1280, height: 900 } };
const CHAIN = 'Exception: ClientAuthenticationError: DefaultAzureCredential failed to retrieve a token from the included credentials.';
const IN_POD = 'kubectl exec <pod-name> --namespace <namespace> --';

/** The commands the What-to-run panel shows, in order. */
async function panel(page) {
  await page.locator('.run-commands > summary').click();
  return page.locator('.run-commands code').allTextContents();
}

test('choosing AKS makes the identity and DNS commands the kubectl exec forms, and the link keeps the choice', async () => {
  const { page, context, errors } = await openPage(shared.browser, shared.server.url, desktop);
  await page.getByLabel('Vault name').fill('contoso');
  await page.getByRole('textbox', { name: /Paste/ }).first().fill(CHAIN);
  const card = step(page, 'identity-credential');
  await card.and(page.locator('[data-status="fail"]')).waitFor();
  // Nothing says where the code runs: no host is guessed, the likely hosts' commands are offered.
  assert.match(await card.textContent(), /where does the code run\?/);
  assert.match(await card.textContent(), /az webapp identity assign/);

  await page.getByLabel(/Where the code runs/).selectOption('aks');
  await card.filter({ hasText: 'WorkloadIdentityCredential should apply' }).waitFor();
  const identity = await card.locator('code').allTextContents();
  assert.ok(identity.some((c) => c.startsWith("kubectl describe pod <pod-name> --namespace <namespace>")), identity.join("\n"));
  assert.ok(!identity.some((c) => c.includes('az vm identity assign')), identity.join('\n'));
  const commands = await panel(page);
  await page.screenshot({ path: `${outDir}/host-choice-aks.png`, fullPage: true });
  assert.equal(commands[0], `${IN_POD} nslookup contoso.vault.azure.net`);
  assert.ok(commands.includes(`${IN_POD} curl -sv https://contoso.vault.azure.net/healthstatus`), commands.join('\n'));

  // The link carries the choice: the recipient sees the same commands and the same choice.
  const link = await page.locator('#share-link').inputValue();
  const opened = await openPage(shared.browser, link, desktop);
  const openedCard = step(opened.page, 'identity-credential');
  await openedCard.filter({ hasText: 'WorkloadIdentityCredential should apply' }).waitFor();
  assert.deepEqual(await openedCard.locator('code').allTextContents(), identity);
  assert.equal(await opened.page.getByLabel(/Where the code runs/).inputValue(), 'aks');
  assert.deepEqual(await panel(opened.page), commands);
  assert.deepEqual(opened.errors, []);
  await opened.context.close();

  assert.deepEqual(errors, []);
  await context.close();
});
