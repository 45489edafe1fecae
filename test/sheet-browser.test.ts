// The HTML cheat sheet in a real headless browser: Debian's chromium driven by playwright-core (no browser
// download). Required in CI (CI=true); skipped elsewhere when chromium is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import { renderHtml } from '../src/sheet/html.js';
import { buildSheet } from '../src/sheet/rows.js';
import { loadTables } from '../src/tables.js';
import { sheetFixtureTables } from './support/sheet-fixture.js';
import { inCI } from './support/corpus.js';

const CHROMIUM = process.env.CROSSCTL_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const root = projectRoot();
const artifacts = join(root, 'test-artifacts');
const missing = `no chromium at ${CHROMIUM} (apt-get install chromium, or set CROSSCTL_CHROMIUM); it is required when CI=true`;

describe.runIf(!haveChromium)('cheat sheet page in a browser (chromium missing)', () => {
  if (!haveChromium && !inCI()) console.warn(`sheet-browser: skipped: ${missing}`);
  it.skipIf(!inCI())(`needs chromium: ${missing}`, () => {
    expect.fail(`CI=true but chromium is missing at ${CHROMIUM}: the HTML cheat sheet must be checked in a browser`);
  });
});

describe.skipIf(!haveChromium)('cheat sheet page in a browser', () => {
  let browser: Browser;
  const tables = loadTables();
  const concepts = Object.values(tables.concepts);
  const requests: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    // The page the CLI writes (the built bundle and the real tables)…
    const r = spawnSync(process.execPath, [join(root, 'bin', 'crossctl.js'), 'sheet', '--format', 'html'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(r.status, r.stderr).toBe(0);
    writeFileSync(join(artifacts, 'sheet.html'), r.stdout);
    // …and one of the test-only tables: two topics, a partial cell, a concept docker lacks.
    const fixture = sheetFixtureTables();
    writeFileSync(join(artifacts, 'sheet-fixture.html'), renderHtml(buildSheet(fixture), fixture));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function open(file: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(join(artifacts, file)).href);
    return page;
  }

  const visibleRows = (page: Page): Promise<string[]> =>
    page.$$eval('tbody tr', (trs) => trs.filter((tr) => (tr as HTMLElement).offsetParent !== null).map((tr) => tr.id));

  it('loads, self-contained, with every concept', async () => {
    const page = await open('sheet.html');
    expect(await page.title()).toBe('crossctl cheat sheet');
    expect((await visibleRows(page)).sort()).toEqual(concepts.map((c) => c.id).sort());
    expect(await page.textContent('#count')).toBe(`${concepts.length} of ${concepts.length} concepts`);
    await page.screenshot({ path: join(artifacts, 'sheet.png'), fullPage: true });
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('filters rows as one types in the search box', async () => {
    const page = await open('sheet.html');
    const last = concepts.at(-1)!;
    await page.fill('#q', last.id);
    const hits = await visibleRows(page);
    expect(hits).toContain(last.id);
    await page.fill('#q', 'zzqqxxjj');
    expect(await visibleRows(page)).toEqual([]);
    expect(await page.isVisible('#empty')).toBe(true);
    expect(await page.$$eval('section.topic', (s) => s.filter((x) => !(x as HTMLElement).hidden).length)).toBe(0);
    await page.fill('#q', '');
    expect((await visibleRows(page)).length).toBe(concepts.length);
    expect(await page.isVisible('#empty')).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('searches names, commands and flags with typos, hiding emptied topics', async () => {
    const page = await open('sheet-fixture.html');
    await page.fill('#q', 'folow logs');
    expect(await visibleRows(page)).toEqual(['fixture.logs']);
    expect(await page.isVisible('#topic-fixture-extra')).toBe(false);
    await page.fill('#q', 'crictl pods -q');
    expect(await visibleRows(page)).toEqual(['fixture.pods']);
    await page.fill('#q', 'inspetc');
    expect(await visibleRows(page)).toEqual(['fixture.inspect']);
    await page.fill('#q', 'nginx');
    expect(await visibleRows(page)).toEqual(['fixture.pull']);
    expect(await page.textContent('#count')).toMatch(/^1 of \d+ concepts$/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('hides a tool column when its box is unticked', async () => {
    const page = await open('sheet-fixture.html');
    const shown = (sel: string): Promise<number> => page.$$eval(sel, (els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).length);
    const rows = await page.$$eval('tbody tr', (t) => t.length);
    expect(await shown('td.t-ctr')).toBe(rows);
    await page.uncheck('#tools input[value=ctr]');
    expect(await shown('td.t-ctr')).toBe(0);
    expect(await shown('th.t-ctr')).toBe(0);
    expect(await shown('td.t-docker')).toBe(rows);
    await page.check('#tools input[value=ctr]');
    expect(await shown('td.t-ctr')).toBe(rows);
    await page.close();
  });

  it('stacks cells on a phone without horizontal scrolling', async () => {
    const page = await open('sheet-fixture.html', { width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.$eval('td', (td) => getComputedStyle(td).display)).toBe('block');
    expect(await page.isVisible('td .label')).toBe(true);
    await page.screenshot({ path: join(artifacts, 'sheet-phone.png'), fullPage: false });
    await page.close();
  });

  it('prints without the controls, as a table', async () => {
    // Narrow on purpose: the phone's stacked layout must not leak into print.
    const page = await open('sheet-fixture.html', { width: 390, height: 844 });
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('.controls')).toBe(false);
    expect(await page.$eval('td', (td) => getComputedStyle(td).display)).toBe('table-cell');
    await page.setViewportSize({ width: 1100, height: 780 });
    await page.screenshot({ path: join(artifacts, 'sheet-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: false });
    writeFileSync(join(artifacts, 'sheet.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });
});
