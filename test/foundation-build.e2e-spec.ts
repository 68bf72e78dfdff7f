import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from './helpers/spawn';

/**
 * `npm start` runs `scripts/build.mjs --if-stale`: it compiles only when the sources changed since the
 * last build. Checked on a tiny project of its own (the same script, the project's tsc), so the test
 * neither waits for the real build nor touches the real dist/.
 */
const SCRIPT = resolve('scripts/build.mjs');
const SLOW = 60_000;

describe('foundation: npm start compiles only a stale build', () => {
  let root: string;
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  const buildIfStale = () => run(process.execPath, [SCRIPT, '--if-stale'], env, root);
  /** marks a file as edited now: after the last build finished, since every file starts an hour old */
  const touch = (file: string) => utimesSync(join(root, file), new Date(), new Date());

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'license-build-'));
    mkdirSync(join(root, 'src', 'lib'), { recursive: true });
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { rootDir: '.', outDir: 'dist', module: 'commonjs', types: [] } }));
    writeFileSync(join(root, 'tsconfig.build.json'), JSON.stringify({ extends: './tsconfig.json', include: ['src/**/*.ts'] }));
    writeFileSync(join(root, 'src', 'main.ts'), 'export const main = 1;\n');
    writeFileSync(join(root, 'src', 'cli.ts'), 'export const cli = 1;\n');
    writeFileSync(join(root, 'src', 'lib', 'old.ts'), 'export const old = 1;\n');
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const f of ['tsconfig.json', 'tsconfig.build.json', 'src/main.ts', 'src/cli.ts', 'src/lib/old.ts', 'src/lib', 'src']) utimesSync(join(root, f), hourAgo, hourAgo);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('builds when dist/ is missing, then skips while nothing changed', async () => {
    const first = await buildIfStale();
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('dist/src/main.js is missing: compiling');
    expect(readFileSync(join(root, 'dist/src/main.js'), 'utf8')).toContain('main = 1');

    const second = await buildIfStale();
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    expect(second.stderr.trim()).toBe('build: dist/ is current');
  }, SLOW);

  it('rebuilds after a source file changes, and after one is deleted', async () => {
    writeFileSync(join(root, 'src', 'main.ts'), 'export const main = 2;\n');
    touch('src/main.ts');
    const changed = await buildIfStale();
    expect(changed.stderr).toContain('src changed since the last build: compiling');
    expect(readFileSync(join(root, 'dist/src/main.js'), 'utf8')).toContain('main = 2');
    expect((await buildIfStale()).stderr.trim()).toBe('build: dist/ is current');

    unlinkSync(join(root, 'src', 'lib', 'old.ts')); // changes the folder's mtime
    const deleted = await buildIfStale();
    expect(deleted.stderr).toContain('src changed since the last build');
    // a clean build: the deleted file's output is gone too
    expect(() => readFileSync(join(root, 'dist/src/lib/old.js'))).toThrow();
  }, SLOW);

  it('rebuilds after a tsconfig changes', async () => {
    touch('tsconfig.json');
    expect((await buildIfStale()).stderr).toContain('tsconfig.json changed since the last build');
  }, SLOW);

  it('stops with the compiler errors and a non-zero code when the sources do not compile', async () => {
    writeFileSync(join(root, 'src', 'main.ts'), 'export const main: number = "two";\n');
    touch('src/main.ts');
    const broken = await buildIfStale();
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toContain("Type 'string' is not assignable to type 'number'");
    // no stamp from a failed build: the next start tries again
    expect((await buildIfStale()).stderr).toContain('compiling');
  }, SLOW);
});
