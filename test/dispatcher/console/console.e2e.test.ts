/**
 * The web console in a real browser (Debian's chromium through playwright-core) against the built
 * dispatcher on loopback, as a newcomer runs it (`npm start`: PGlite, local executor, real
 * Terraform on examples/hello-infra): the banner's sign-in link → deployments → request a plan →
 * it reaches awaiting-approval without a reload → Approve → succeeded with the facts commit shown.
 * Also: GitHub sign-in through the loopback OAuth stand-in (a viewer by organisation, who sees no
 * Deploy or Approve), another tenant's deployment not found, used links and CSRF refused, and
 * axe-core on every page (no serious or critical violation). With GRAPE_CONSOLE_SCREENSHOTS=1 it
 * writes docs/console/*.png.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { repoRoot } from '../../harness/action-runner.js';
import { chromiumBinary, launchChromium } from '../../harness/chromium.js';
import { startGitHubOAuth, type GitHubOAuth } from '../../harness/github/oauth-stand-in.js';
import { terraformBinary } from '../../harness/terraform-binary.js';
import { buildOnce, startBuiltDispatcher, type BuiltDispatcher } from './built-dispatcher.js';

const SHOTS = process.env['GRAPE_CONSOLE_SCREENSHOTS'] === '1';
const SHOT_DIR = path.join(repoRoot, 'docs/console');
const RUN_MS = 240_000;
/** The apply's statuses, oldest first, as its audit events record them. */
const TIMELINE_STATUSES = ['queued', 'dispatching', 'running', 'succeeded'];
const ADMIN_ACTOR = 'local:admin';

const why = !chromiumBinary
  ? ' [skipped: no chromium on PATH; install Debian’s `chromium` or set GRAPE_TEST_CHROMIUM]'
  : !terraformBinary
    ? ' [skipped: no terraform on PATH]'
    : '';

(why ? describe.skip : describe)(`web console in chromium${why}`, () => {
  let oauth: GitHubOAuth;
  let grape: BuiltDispatcher;
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;
  let planId: string;

  const axe = async (p: Page, name: string) => {
    const result = await new AxeBuilder({ page: p })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
      .analyze();
    const serious = result.violations.filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect({
      page: name,
      serious: serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`),
    }).toEqual({
      page: name,
      serious: [],
    });
  };
  const shot = async (p: Page, name: string) => {
    if (!SHOTS) return;
    await mkdir(SHOT_DIR, { recursive: true });
    await p.screenshot({ path: path.join(SHOT_DIR, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    buildOnce();
    oauth = await startGitHubOAuth({
      octocat: { id: 583231, orgs: ['acme-corp'], teams: [['acme-corp', 'readers']] },
    });
    grape = await startBuiltDispatcher({
      GRAPE_GITHUB_OAUTH_CLIENT_ID: oauth.clientId,
      GRAPE_GITHUB_OAUTH_CLIENT_SECRET: oauth.clientSecret,
      GITHUB_SERVER_URL: oauth.webUrl,
      GITHUB_API_URL: oauth.api.url,
    });
    browser = await launchChromium();
    admin = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await admin.newPage();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await grape?.stop();
    await oauth?.close();
  });

  it('signs in with the banner link and shows the deployments page', async () => {
    await page.goto(grape.consoleUrl);
    await page.getByRole('heading', { name: 'Deployments' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/deployments');
    await page.getByText('local:admin · admin · demo').waitFor();
    const cookies = await admin.cookies();
    expect(cookies).toEqual([
      expect.objectContaining({ name: 'grape_session', httpOnly: true, sameSite: 'Lax' }),
    ]);
    // Nothing of the session is in page storage.
    expect(
      await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length })),
    ).toEqual({
      local: 0,
      session: 0,
    });
  });

  it('refuses the same link a second time', async () => {
    const other = await browser.newContext();
    const p = await other.newPage();
    const response = await p.goto(grape.consoleUrl);
    expect(response?.status()).toBe(401);
    await p.getByRole('heading', { name: 'Sign-in refused' }).waitFor();
    expect(await p.textContent('main')).toContain('grape console-link');
    await other.close();
  });

  it(
    'requests a plan and watches it reach awaiting-approval without reloading',
    async () => {
      await page.getByRole('combobox', { name: 'Project' }).first().selectOption('hello');
      await page.getByRole('textbox', { name: 'Environment' }).first().fill('dev');
      await page.getByRole('combobox', { name: 'Operation' }).selectOption('plan');
      await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
      await page.getByRole('button', { name: 'Deploy' }).click();
      await page.waitForURL(/\/deployments\/dep_[0-9a-f]{20}$/);
      planId = page.url().split('/').pop()!;
      await page.locator('.status', { hasText: 'awaiting-approval' }).waitFor({ timeout: RUN_MS });
      expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(
        true,
      );
      expect(Number(await page.getByTestId('plan-add').textContent())).toBeGreaterThan(0);
      // The resource-change table: each resource the plan creates, by address and action.
      const changes = await page
        .getByTestId('resource-change')
        .evaluateAll((rows) =>
          rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent)),
        );
      expect(changes.length).toBe(Number(await page.getByTestId('plan-add').textContent()));
      expect(changes).toContainEqual([expect.stringMatching(/^[a-z_]+\.[a-z_]+/), 'create']);
      await page.getByRole('button', { name: 'Approve' }).waitFor();
      await shot(page, 'deployment-awaiting-approval');
      await axe(page, 'deployment');
    },
    RUN_MS + 30_000,
  );

  it('lets an admin add a GitHub organisation as viewers on the Members page', async () => {
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('combobox', { name: 'Kind' }).selectOption('org');
    await page.getByRole('textbox', { name: 'Name' }).fill('acme-corp');
    await page.getByRole('combobox', { name: 'Role' }).selectOption('viewer');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('cell', { name: 'acme-corp', exact: true }).waitFor();
    await shot(page, 'members');
    await axe(page, 'members');
  });

  it('signs a GitHub user in through the OAuth flow; as a viewer they see no Deploy or Approve', async () => {
    const viewer = await browser.newContext();
    const p = await viewer.newPage();
    await p.goto(`${grape.url}/`);
    await p.getByRole('link', { name: 'Sign in with GitHub' }).click();
    await p.getByRole('heading', { name: 'Deployments' }).waitFor();
    await p.getByText('github:octocat · viewer · demo').waitFor();
    await p.getByRole('table', { name: 'Deployments' }).waitFor();
    expect(await p.getByRole('button', { name: 'Deploy' }).count()).toBe(0);
    await p.goto(`${grape.url}/deployments/${planId}`);
    await p.locator('.status', { hasText: 'awaiting-approval' }).waitFor();
    expect(await p.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await p.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
    // The API agrees: the viewer's session cannot approve even with its CSRF token.
    const session = (await (await p.request.get(`${grape.url}/console/session`)).json()) as {
      csrfToken: string;
    };
    const approve = await p.request.post(`${grape.url}/v1/deployments/${planId}/approve`, {
      headers: { 'x-grape-csrf': session.csrfToken },
    });
    expect(approve.status()).toBe(403);
    // The sign-in is audited under the person's GitHub login; GitHub's user token is kept nowhere.
    const audit = (await (await page.request.get(`${grape.url}/v1/audit?limit=50`)).json()) as {
      items: Array<{ action: string; actor: string; data: unknown }>;
    };
    expect(audit.items).toContainEqual(
      expect.objectContaining({ action: 'console.sign-in', actor: 'github:octocat' }),
    );
    for (const token of oauth.issuedTokens) expect(JSON.stringify(audit)).not.toContain(token);
    expect(oauth.violations).toEqual([]);
    expect(oauth.api.violations).toEqual([]);
    await viewer.close();
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const response = await page.request.post(`${grape.url}/v1/tokens`, {
      data: { name: 'csrf', role: 'admin' },
    });
    expect(response.status()).toBe(403);
    expect(((await response.json()) as { error: string }).error).toBe('csrf_rejected');
  });

  it("shows another tenant's deployment as not found", async () => {
    grape.cli('tenant', 'create', 'other');
    const token = grape
      .cli('token', 'create', '--tenant', 'other', '--name', 'ops', '--role', 'admin')
      .trim();
    const call = (method: string, url: string, body?: unknown) =>
      fetch(`${grape.url}${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }).then((r) => r.json() as Promise<{ id: string }>);
    await call('POST', '/v1/projects', {
      name: 'theirs',
      source: { repository: 'local/theirs', ref: 'main', path: 'examples/hello-infra' },
      region: 'us-east-1',
    });
    const theirs = await call('POST', '/v1/deployments', {
      project: 'theirs',
      environment: 'dev',
      operation: 'plan',
    });
    await call('POST', `/v1/deployments/${theirs.id}/cancel`, {});
    await page.goto(`${grape.url}/deployments/${theirs.id}`);
    await page
      .getByRole('alert')
      .getByText(`No deployment '${theirs.id}' (or it belongs to another tenant).`)
      .waitFor();
  });

  it(
    'approves the plan and shows the apply succeeded with its facts commit',
    async () => {
      await page.goto(`${grape.url}/deployments/${planId}`);
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.waitForURL((u) => !u.pathname.endsWith(planId));
      await page.locator('.status', { hasText: 'succeeded' }).waitFor({ timeout: RUN_MS });
      await page.getByTestId('facts-commit').waitFor({ timeout: RUN_MS });
      expect(await page.getByTestId('facts-commit').textContent()).toMatch(/^[0-9a-f]{40}$/);
      expect(await page.getByTestId('plan-line').textContent()).toMatch(
        /^Plan: [1-9]\d* to add, 0 to change, 0 to destroy\.$/,
      );
      // The timeline: each status from the audit log, in order, with who moved it and when.
      await page
        .locator('[data-testid=timeline-step][data-status=succeeded]')
        .waitFor({ timeout: RUN_MS });
      const steps = page.getByTestId('timeline-step');
      const timeline = await steps.evaluateAll((items) =>
        items.map((li) => ({
          status: li.getAttribute('data-status'),
          actor: li.querySelector('.actor')?.textContent,
          at: li.querySelector('time')?.getAttribute('datetime'),
        })),
      );
      expect(timeline.map((s) => s.status)).toEqual(TIMELINE_STATUSES);
      // The person asked, the dispatcher dispatched, and the run reported its end.
      expect(timeline.map((s) => s.actor)).toEqual([
        ADMIN_ACTOR,
        'system',
        'system',
        expect.stringMatching(/^run:\d+$/),
      ]);
      expect(timeline.every((s) => /^\d{4}-\d\d-\d\dT/.test(s.at ?? ''))).toBe(true);
      await shot(page, 'deployment-succeeded');
      // The run's log, from the dispatcher (local executor).
      await page.getByText('Run log').click();
      await page
        .locator('pre.log')
        .getByText(/Apply complete!/)
        .waitFor();
    },
    RUN_MS + 30_000,
  );

  it('passes axe-core on every page, and works at phone width', async () => {
    for (const [where, name, heading] of [
      ['/deployments', 'deployments', 'Deployments'],
      ['/projects', 'projects', 'Projects'],
      ['/tokens', 'tokens', 'API tokens'],
      ['/audit', 'audit', 'Audit log'],
    ] as const) {
      await page.goto(`${grape.url}${where}`);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      if (name === 'deployments') await page.getByRole('table', { name: 'Deployments' }).waitFor();
      if (name === 'projects') {
        await page.getByRole('button', { name: 'Connect AWS' }).first().click();
        await page.getByTestId('external-id').waitFor();
      }
      if (name === 'audit') await page.getByTestId('audit-verdict').waitFor();
      await axe(page, name);
      await shot(page, name);
    }
    expect(await page.getByTestId('audit-verdict').textContent()).toMatch(
      /^Chain verified: \d+ events/,
    );
    // Creating a project goes through the API's validation, and its message names the field.
    await page.getByRole('link', { name: 'Projects' }).click();
    const form = page.getByRole('form', { name: 'Create a project' });
    await form.getByRole('textbox', { name: 'Name' }).fill('network');
    await form.getByRole('textbox', { name: 'Repository' }).fill('acme/infra');
    await form.getByRole('textbox', { name: 'Region' }).fill('Mars 1');
    await form.getByRole('button', { name: 'Create project' }).click();
    await form
      .getByRole('alert')
      .getByText(/region/)
      .waitFor();
    await form.getByRole('textbox', { name: 'Region' }).fill('eu-west-1');
    await form.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('cell', { name: 'network', exact: true }).waitFor();
    await page
      .getByRole('region', { name: 'Onboarding for network' })
      .getByTestId('external-id')
      .waitFor();
    // A project that also names Google Cloud and Azure federation shows what to admit there.
    grape.cli(
      'project',
      'create',
      '--tenant',
      'demo',
      '--name',
      'multi',
      '--repository',
      'acme/infra',
      '--region',
      'eu-west-1',
      '--gcp-provider',
      'projects/123456789012/locations/global/workloadIdentityPools/github/providers/grape',
      '--azure-client-id',
      'c0ffee00-1111-4222-8333-444455556666',
      '--azure-tenant-id',
      '7d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
    );
    await page.reload();
    await page
      .getByRole('row', { name: /multi/ })
      .getByRole('button', { name: 'Connect AWS' })
      .click();
    const multi = page.getByRole('region', { name: 'Onboarding for multi' });
    await multi
      .getByTestId('onboarding-gcp')
      .getByText(/assertion\.repository ==/)
      .waitFor();
    await multi.getByTestId('onboarding-azure').getByText('api://AzureADTokenExchange').waitFor();
    await axe(page, 'projects (clouds)');
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    await phone.addCookies(await admin.cookies());
    const p = await phone.newPage();
    await p.goto(`${grape.url}/deployments`);
    await p.getByRole('table', { name: 'Deployments' }).waitFor();
    // Only the table scrolls sideways; the page itself fits the screen.
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await axe(p, 'deployments (phone)');
    await shot(p, 'deployments-phone');
    await phone.close();
  }, 120_000);
});
