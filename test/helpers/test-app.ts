import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { createApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/app.config';
import { REDACT_PATHS } from '../../src/common/logging/logger';
import { TenantsService } from '../../src/tenants/tenants.service';
import { createTestDatabase, TestDatabase } from './test-db';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  db: TestDatabase;
  baseUrl: string;
  /** Every log line the app wrote, as text. */
  logs: string[];
  /** fetch against the app; `json` is the parsed body (or the text when it is not JSON). */
  request(path: string, init?: RequestInit & { json?: unknown }): Promise<TestResponse>;
  /** Stops the app; drops the database unless it was passed in (then the caller owns it). */
  close(): Promise<void>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** an existing database (e.g. to restart on it); the caller drops it */
  db?: TestDatabase;
}

export const TEST_ADMIN_TOKEN = 'test-operator-token-0123456789';

/** Boots the real app on a fresh migrated database, listening on 127.0.0.1 on a free port. */
export async function startTestApp(options: StartOptions = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DATA_DIR: db.dataDir,
    MASTER_KEY: db.masterKey,
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: '0',
    ...options.env,
  };
  const config = loadConfig(env);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  const logger = pino({ level: config.logLevel, redact: { paths: REDACT_PATHS, censor: '[REDACTED]' } }, sink);
  const app = await createApp(config, { logger });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    config,
    db,
    baseUrl,
    logs,
    request: (path, init) => request(baseUrl, path, init),
    close: async () => {
      await app.close();
      if (!options.db) await db.drop();
    },
  };
}

export async function request(baseUrl: string, path: string, init: RequestInit & { json?: unknown } = {}): Promise<TestResponse> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  let body = rest.body;
  if (json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(json);
  }
  const res = await fetch(baseUrl + path, { ...rest, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

export interface TestTenant {
  id: number;
  username: string;
  apiKey: string;
  secretKeys: { creation: string; validation: string; activation: string; management: string; general: string };
}

let counter = 0;
/** Creates a tenant through the service (the CLI's e2e test covers the command itself). */
export async function createTenant(t: TestApp, username = `vendor${++counter}${randomBytes(2).toString('hex')}`): Promise<TestTenant> {
  const created = await t.app.get(TenantsService).create({ username, email: `${username}@vendor.test` });
  return { id: created.tenant.id, username, apiKey: created.apiKey, secretKeys: created.secretKeys };
}
