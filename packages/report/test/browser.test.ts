/**
 * The HTML report of the bundled samples in headless Chromium (Debian's `chromium`, driven by
 * playwright-core): no console error, no network request of any kind, every chart has rendered marks,
 * and the numbers shown equal the library's summary of the same input. Writes a screenshot of the top of
 * the report (`docs/report-top.png` when UPDATE_SCREENSHOT=1, else a temporary file).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEVERITIES } from '@trailkit/core';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postureSection, renderHtml, summarizeReport } from '../src/index';
import { samplePosture, sampleReport } from './helpers';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOT = fileURLToPath(new URL('../docs/report-top.png', import.meta.url));
const POSTURE_SCREENSHOT = fileURLToPath(new URL('../docs/report-posture.png', import.meta.url));

let context: BrowserContext | undefined;
let dir = '';

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the browser test needs Debian's chromium (apt-get update && apt-get install -y chromium)`,
    );
  }
  dir = mkdtempSync(join(tmpdir(), 'trailkit-report-browser-'));
  // A new empty --user-data-dir (playwright passes it to Chromium for a persistent context).
  context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    args: FLAGS.filter((f) => f !== '--headless'), // playwright adds its own headless flag
    headless: true,
    offline: true,
    viewport: { width: 1200, height: 1100 },
    timeout: 60_000,
  });
}, 90_000);

afterAll(async () => {
  await context?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('HTML report in headless Chromium', () => {
  it('opens offline with no request and no console error, shows charts and the right numbers', async () => {
    const sample = await sampleReport();
    const summary = sample.summary;
    // the report of the samples, with the posture section `trailkit report --posture` adds
    const model = { ...sample.model, posture: postureSection(samplePosture()) };
    const expected = summarizeReport(model);
    const html = renderHtml(model);
    const file = join(dir, 'report.html');
    writeFileSync(file, html);

    const ctx = context as BrowserContext;
    const page = await ctx.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    // Intercept every request but the report itself, and fail it.
    await ctx.route('**/*', (route) => {
      const url = route.request().url();
      if (url === `file://${file}`) return route.continue();
      requests.push(url);
      return route.abort();
    });
    page.on('request', (r) => {
      if (r.url() !== `file://${file}`) requests.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(`file://${file}`, { waitUntil: 'load' });

    // every chart has rendered marks: bars (rect with area) or bars drawn as rules (vertical lines)
    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((f) => {
        const svg = f.querySelector('svg');
        const marks = svg
          ? [...svg.querySelectorAll('g.data-mark rect, g.data-mark line')].filter((m) => {
              const b = (m as unknown as { getBBox(): { width: number; height: number } }).getBBox();
              return m.tagName === 'rect' ? b.width > 0 && b.height > 0 : b.height > 0;
            }).length
          : 0;
        const box = svg?.getBoundingClientRect();
        return { id: f.id, marks, width: box?.width ?? 0, height: box?.height ?? 0 };
      }),
    );
    expect(charts.map((c) => c.id)).toEqual([
      'chart-activity',
      'chart-errors',
      'chart-top-principals',
      'chart-top-apis',
      'chart-findings',
    ]);
    for (const c of charts) {
      expect(c.marks, c.id).toBeGreaterThan(0);
      expect(c.width, c.id).toBeGreaterThan(300);
    }
    // the activity chart has one mark per non-zero (bucket, read/write) value of the model
    const activityMarks = model.activity.buckets.reduce(
      (n, b) => n + (b.read > 0 ? 1 : 0) + (b.write > 0 ? 1 : 0),
      0,
    );
    expect(charts[0]?.marks).toBe(activityMarks);
    expect(charts[2]?.marks).toBe(model.top.principals.rows.length);

    // the numbers shown equal the library's summary (and the pipeline's own counts)
    const shown = await page.$$eval('[data-metric]', (els) =>
      Object.fromEntries(
        els.map((e) => [e.getAttribute('data-metric'), Number(e.textContent?.replace(/,/g, ''))]),
      ),
    );
    expect(shown.events).toBe(expected.events);
    expect(shown.events).toBe(summary.events.read);
    expect(shown.findings).toBe(expected.findings);
    expect(shown.findings).toBe(summary.findings.total);
    for (const s of SEVERITIES) {
      expect(shown[`findings-${s}`], s).toBe(expected.findingsBySeverity[s]);
      expect(shown[`findings-${s}`], s).toBe(summary.findings.bySeverity[s]);
    }
    for (const [control, n] of Object.entries(expected.cisMatches))
      expect(shown[`cis-${control}`], control).toBe(n);
    expect(Object.keys(shown).filter((k) => k.startsWith('cis-'))).toHaveLength(15);
    expect(shown.errors).toBe(expected.errors);
    expect(shown['access-denied']).toBe(expected.accessDenied);

    // the posture section is there and visible, with the counts of the model and one table per account
    const posture = page.locator('section#posture');
    expect(await posture.isVisible()).toBe(true);
    expect(await posture.locator('h2').textContent()).toBe('Trail set-up (posture)');
    for (const [status, n] of Object.entries(expected.posture ?? {}))
      expect(shown[`posture-${status}`], status).toBe(n);
    expect(shown['posture-fail']).toBeGreaterThan(0);
    expect(await posture.locator('h3[id^="posture-"]').allTextContents()).toEqual(
      model.posture.accounts.map((a) => `Account ${a}`),
    );
    const rows = await posture.locator('h3[id^="posture-"] + div table tbody tr').count();
    expect(rows).toBe(model.posture.results.length);
    const postureShot =
      process.env.UPDATE_SCREENSHOT === '1' ? POSTURE_SCREENSHOT : join(dir, 'report-posture.png');
    expect((await posture.screenshot({ path: postureShot })).subarray(1, 4).toString()).toBe('PNG');

    const visibleText = await page.locator('h1').textContent();
    expect(visibleText).toBe('CloudTrail audit report');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const shot = process.env.UPDATE_SCREENSHOT === '1' ? SCREENSHOT : join(dir, 'report-top.png');
    const png = await page.screenshot({ path: shot, clip: { x: 0, y: 0, width: 1200, height: 1100 } });
    expect(png.subarray(1, 4).toString()).toBe('PNG');

    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    console.log(`report: ${html.length} bytes, ${charts.length} charts, screenshot ${shot}`);
    await page.close();
  });
});
