#!/usr/bin/env node
// Compiles the server into dist/ (`npm run build`: always, from a clean dist/).
// `--if-stale` (what `npm start` and `npm run cli` use) skips the compile when dist/ was built from the
// sources as they are now: no file or folder under src/, nor ormconfig.ts or a tsconfig, changed
// since the last successful build (a deleted file changes its folder's mtime). Messages go to stderr,
// so `npm run -s cli -- ... --json` keeps stdout clean.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const STAMP = '.build-stamp';
const INPUTS = ['src', 'ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json'];
const OUTPUTS = ['src/main.js', 'src/cli.js'];

/** The newest mtime (ms) of `path` and, for a folder, everything in it. */
function newestMtime(path) {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  let newest = st.mtimeMs;
  if (st.isDirectory()) {
    for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Why `root`'s dist/ must be rebuilt, or undefined when it is current. */
export function staleReason(root) {
  const dist = join(root, 'dist');
  const missing = OUTPUTS.find((f) => !existsSync(join(dist, f)));
  if (missing) return `dist/${missing} is missing`;
  const stampFile = join(dist, STAMP);
  if (!existsSync(stampFile)) return 'dist/ was not built by this script';
  const builtFrom = Number(readFileSync(stampFile, 'utf8'));
  if (!Number.isFinite(builtFrom)) return `dist/${STAMP} is unreadable`;
  const changed = INPUTS.find((f) => newestMtime(join(root, f)) > builtFrom);
  return changed ? `${changed} changed since the last build` : undefined;
}

export function build(root) {
  // sources changed while tsc runs are newer than this and make the next start rebuild
  const startedAt = Date.now();
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  const tsc = resolve(dirname(fileURLToPath(import.meta.url)), '../node_modules/typescript/bin/tsc');
  const res = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: ['ignore', 2, 2] });
  if (res.status !== 0) return res.status ?? 1;
  writeFileSync(join(root, 'dist', STAMP), `${startedAt}\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.cwd();
  if (process.argv.includes('--if-stale')) {
    const reason = staleReason(root);
    if (!reason) {
      process.stderr.write('build: dist/ is current\n');
      process.exit(0);
    }
    process.stderr.write(`build: ${reason}: compiling (tsc)\n`);
  }
  process.exit(build(root));
}
