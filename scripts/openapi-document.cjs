#!/usr/bin/env node
/*
 * Writes the server's OpenAPI document without serving it: boots the compiled app (dist/, from
 * `npm run build`) on a throwaway SQLite database in a temp folder, asks it for /docs-json in
 * process (no port is opened) and writes the JSON to the file given (default: stdout).
 *   node scripts/openapi-document.cjs [out.json]
 */
'use strict';
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { randomBytes } = require('node:crypto');

const root = resolve(__dirname, '..');

async function main() {
  const out = process.argv[2];
  const dataDir = mkdtempSync(join(tmpdir(), 'openapi-doc-'));
  let app;
  try {
    require('reflect-metadata');
    const { loadConfig } = require(join(root, 'dist/src/config/app.config.js'));
    const { createApp } = require(join(root, 'dist/src/app.factory.js'));
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: `sqlite:${join(dataDir, 'doc.db')}`,
      DATA_DIR: dataDir,
      MASTER_KEY: randomBytes(32).toString('hex'),
      ADMIN_TOKEN: randomBytes(24).toString('hex'),
      LOG_LEVEL: 'silent',
      SWAGGER_ENABLED: 'true',
    });
    const pino = require('pino');
    app = await createApp(config, { logger: pino({ level: 'silent' }) });
    await app.init();
    const res = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/docs-json' });
    if (res.statusCode !== 200) throw new Error(`/docs-json answered ${res.statusCode}`);
    const text = `${JSON.stringify(JSON.parse(res.body), null, 2)}\n`;
    if (out) writeFileSync(out, text);
    else process.stdout.write(text);
  } finally {
    if (app) await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`openapi-document: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
