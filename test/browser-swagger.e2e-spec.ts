import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * Swagger UI really renders under the server's Content-Security-Policy: a headless Chromium
 * (Debian's `chromium`; `bash test/browser-setup.sh` installs it) loads /docs, runs its scripts,
 * fetches /docs-json and builds the operation list. Fails, never skips, when Chromium is missing.
 */
const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function findChromium(): string {
  const found = CANDIDATES.find((p): p is string => !!p && existsSync(p));
  if (!found) {
    throw new Error('Chromium not found (looked for CHROMIUM_PATH, /usr/bin/chromium, ...). Run `bash test/browser-setup.sh` (apt-get install chromium).');
  }
  return found;
}

function renderPage(chromium: string, url: string): Promise<{ dom: string; log: string; code: number | null }> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
    '--enable-logging=stderr',
    '--v=0',
    '--virtual-time-budget=15000',
    '--dump-dom',
    url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(chromium, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let dom = '';
    let log = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.stdout.on('data', (d) => (dom += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(profile, { recursive: true, force: true });
      resolve({ dom, log, code });
    });
  });
}

describe('browser: Swagger UI in headless Chromium', () => {
  let t: TestApp;
  let page: { dom: string; log: string; code: number | null };

  beforeAll(async () => {
    const chromium = findChromium();
    t = await startTestApp();
    page = await renderPage(chromium, `${t.baseUrl}/docs`);
  }, 60_000);
  afterAll(async () => t?.close());

  it('renders the operation list from the OpenAPI document', () => {
    expect(page.code).toBe(0);
    expect(page.dom).toContain('swagger-ui');
    const paths = [...page.dom.matchAll(/class="opblock-summary-path" data-path="([^"]+)"/g)].map((m) => m[1]);
    expect(paths.length).toBeGreaterThan(5);
    expect(paths).toEqual(expect.arrayContaining(['/api/user/settings', '/api/admin/ip-rules', '/health']));
    expect(page.dom).toContain('License Server API');
  });

  it('runs without a single Content-Security-Policy violation', () => {
    const violations = page.log.split('\n').filter((line) => /Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(line));
    expect(violations).toEqual([]);
  });
});
