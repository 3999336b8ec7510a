// Browser test of the dashboard: Debian's chromium, headless, driven by playwright-core, against a
// gateway that has served traffic (./broker test --browser starts one). Signs in, checks that every
// chart and table has data, and saves a full-page screenshot.
//
//   node dashboard.mjs INFO_JSON SCREENSHOT_PNG
// INFO_JSON: {"url": "http://127.0.0.1:PORT", "admin_key": "sk-cb-…"}
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const [infoFile, shot] = process.argv.slice(2);
if (!infoFile || !shot) {
  console.error('usage: node dashboard.mjs INFO_JSON SCREENSHOT_PNG');
  process.exit(2);
}
const info = JSON.parse(readFileSync(infoFile, 'utf8'));
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

let passed = 0, failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ' — ' + detail : ''}`);
}

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => {
    // A wrong key answers 401 on purpose below; anything else in the console is a defect.
    if (m.type() === 'error' && !m.text().includes('401')) problems.push('console: ' + m.text());
  });

  await page.goto(info.url + '/ui/#since=5m&by=model');
  await page.waitForSelector('form.signin-card');
  check('sign-in form shown before any data', (await page.locator('[data-chart]').count()) === 0);

  await page.fill('#key', 'sk-cb-not-a-real-key');
  await page.click('button[type=submit]');
  await page.waitForSelector('.error');
  check('a wrong key is refused', /Unknown or revoked/.test(await page.textContent('.error')));

  await page.fill('#key', info.admin_key);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-chart="spend"]', { timeout: 20000 });
  await page.waitForSelector('[data-loaded="yes"]');

  const points = async (name) => Number((await page.getAttribute(`[data-chart="${name}"]`, 'data-points')) || 0);
  for (const name of ['spend', 'savings', 'routes', 'cache', 'providers', 'latency', 'budgets', 'decisions', 'audit']) {
    const n = (await page.locator(`[data-chart="${name}"]`).count()) ? await points(name) : 0;
    check(`chart "${name}" has data`, n > 0, `${n} marks`);
  }
  const bars = await page.locator('[data-chart="spend"] rect').count();
  check('spend-over-time draws stacked bars', bars > 3, `${bars} bars`);
  const buckets = await page.evaluate(() => new Set([...document.querySelectorAll('[data-chart="spend"] rect')].map((r) => r.getAttribute('x'))).size);
  check('spend spans several time buckets', buckets >= 3, `${buckets} buckets`);
  const line = await page.getAttribute('[data-chart="savings"] path[stroke="#10b981"]', 'd');
  check('savings line has a path', !!line && line.split('L').length > 3);

  const kpi = async (id) => (await page.textContent(`[data-kpi="${id}"] .kpi-value`)).trim();
  const spend = await kpi('spend'), saved = await kpi('saved'), hit = await kpi('cache');
  check('spend KPI is a non-zero amount', /^\$\d/.test(spend) && !/^\$0\.00$/.test(spend), spend);
  check('savings KPI is positive', /^\$\d/.test(saved) && Number(saved.replace(/[$,]/g, '')) > 0, saved);
  check('cache hit rate above zero', parseFloat(hit) > 0, hit);
  const segs = await page.locator('[data-chart="routes"] .split-seg').count();
  check('route mix shows model segments', segs >= 3, `${segs} segments`);
  const why = await page.textContent('[data-chart="decisions"] tbody tr td.why');
  check('decisions carry their explanation', / via /.test(why), why);
  const confidential = await page.locator('[data-chart="audit"] .sens.confidential, [data-chart="audit"] .sens.restricted').count();
  check('audit lists sensitive data and where it went', confidential > 0, `${confidential} rows`);
  const meters = await page.locator('[data-chart="budgets"] .meter').count();
  check('budgets show burn meters', meters >= 3, `${meters} budgets`);
  check('owned capacity shows the GPU pool', (await page.textContent('[data-chart="providers"]')).includes('gpu-pool'));

  // Group the same spend by tenant: the legend follows.
  await page.click('[aria-label="group by"] button:text("tenant")');
  await page.waitForFunction(() => [...document.querySelectorAll('.legend-item')].some((e) => e.textContent === 'clinic'));
  check('spend regroups by tenant', true);
  await page.click('[aria-label="group by"] button:text("model")');
  await page.waitForFunction(() => [...document.querySelectorAll('.legend-item')].some((e) => e.textContent === 'sim-qwen3.6-27b'));

  check('no page or console errors (CSP included)', problems.length === 0, problems.join(' | '));
  await page.screenshot({ path: shot, fullPage: true });
  console.log('screenshot: ' + shot);
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
