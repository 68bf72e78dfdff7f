import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { isBridgePath } from '../src/common/presenters/bridge.presenter';
import { headerValue, hostileJsonValue, HOSTILE_STRINGS, OpenApiOperation, pathSegment, readOperations, Rng } from './fuzz-helpers';
import { createTenant, startTestApp, TEST_ADMIN_TOKEN, TestApp, TestTenant } from './helpers/test-app';

/**
 * Hostile input against every route of the OpenAPI document (/docs-json): for each operation,
 * 150-300 generated requests (FUZZ_TOTAL / routes, or FUZZ_CASES_PER_ROUTE) from a fixed seed (FUZZ_SEED): wrong
 * types, huge and empty values, unicode and control characters, path traversal, SQL and script
 * fragments, malformed JSON, wrong content types, oversized bodies, duplicate and unknown
 * parameters, and secrets of the wrong tenant or scope. Asserts: no 5xx, the contract's error
 * shape on every error, nothing leaked (stack, SQL, paths, library names), no `Server` or
 * `X-Powered-By`, no success without valid credentials, and no change in the database.
 *
 * Requests that carry valid credentials always carry at least one defect that makes the input
 * invalid (malformed or non-object body, wrong content type, wrongly typed fields, a missing or
 * hostile parameter), so that "no change" is the right expectation. Rate limiting and automatic
 * IP blocking are off, so every request reaches its handler.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20251122);
/** About FUZZ_TOTAL requests (default 20000) spread over the routes, 150-300 each, so CI time stays bounded as routes are added. */
const TOTAL = Number(process.env.FUZZ_TOTAL ?? 20_000);
const casesPerRoute = (operations: number) =>
  Number(process.env.FUZZ_CASES_PER_ROUTE ?? Math.max(150, Math.min(300, Math.floor(TOTAL / Math.max(1, operations)))));
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 16);
/**
 * Tables that legitimately change on rejected or unauthenticated requests: the logs (every
 * validation attempt is logged) and job_locks (the public cron routes take a job's lock row).
 */
const EXCLUDED_TABLE = /log|^job_locks$/i;
/** Stack frames, file paths, SQL, driver error codes and library names (error codes are upper case). */
const LEAKS = new RegExp(
  [/\bat [\w.<>]+ \(/, /node_modules|\/work\/|\/home\/|\.[jt]s:\d+/, /QueryFailedError|SELECT .* FROM|INSERT INTO|typeorm|better-sqlite3|mysql2|fastify|nestjs/,
   /TypeError|ReferenceError|RangeError|SyntaxError|Cannot read propert/].map((r) => r.source).join('|'),
  'i',
);
const DRIVER_CODES = /\bSQLITE_[A-Z]+|\bER_[A-Z_]{4,}|\bE[A-Z]{4,}: /;

type Category =
  | 'wrong-credentials'
  | 'malformed-json'
  | 'wrong-content-type'
  | 'non-object-body'
  | 'wrong-types'
  | 'oversized-body'
  | 'hostile-params';

interface FuzzRequest {
  op: OpenApiOperation;
  category: Category;
  url: string;
  init: RequestInit;
  /** with valid credentials: no 2xx is allowed either when the route needs them and they are wrong */
  validCredentials: boolean;
}

interface Failure {
  what: string;
  request: string;
  status: number;
  body: string;
}

describe('fuzz: hostile input on every route of the OpenAPI document', () => {
  let t: TestApp;
  let tenantA: TestTenant;
  let tenantB: TestTenant;
  let operations: OpenApiOperation[];

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_ENABLED: 'false', IP_BLOCK_ENABLED: 'false', LOG_REQUESTS: 'false' } });
    tenantA = await createTenant(t);
    tenantB = await createTenant(t);
    const doc = (await t.request('/docs-json')).body;
    operations = readOperations(doc).filter((op) => !op.path.startsWith('/docs'));
  });
  afterAll(async () => t?.close());

  /** A checksum per table of every row, except the log tables. */
  async function snapshot(): Promise<Record<string, string>> {
    const ds = t.app.get(DataSource);
    const tables: string[] =
      t.db.kind === 'sqlite'
        ? (await ds.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).map((r: any) => r.name)
        : (await ds.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()')).map((r: any) => r.name ?? r.NAME);
    const out: Record<string, string> = {};
    for (const table of tables.sort()) {
      if (EXCLUDED_TABLE.test(table)) continue;
      const quoted = t.db.kind === 'sqlite' ? `"${table}"` : `\`${table}\``;
      const rows = await ds.query(`SELECT * FROM ${quoted}`);
      const lines = rows.map((r: Record<string, unknown>) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).sort();
      out[table] = `${rows.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
    }
    return out;
  }

  function credentials(op: OpenApiOperation, valid: boolean, rng: Rng): { secret?: string; headers: Record<string, string> } {
    const headers: Record<string, string> = {};
    let secret: string | undefined;
    const keys = tenantA.secretKeys as Record<string, string>;
    if (op.secret) {
      if (valid) {
        secret = keys[rng.pick(op.secret.scopes)];
        if (rng.chance(0.3)) headers['User-API-Key'] = tenantA.apiKey;
      } else {
        const otherScopes = Object.keys(keys).filter((s) => !op.secret!.scopes.includes(s));
        switch (rng.int(5)) {
          case 0: // another scope of the same tenant
            secret = keys[rng.pick(otherScopes.length ? otherScopes : ['general'])];
            if (otherScopes.length === 0) secret = secret + 'x';
            break;
          case 1: // the right scope of another tenant, with this tenant's User-API-Key
            secret = (tenantB.secretKeys as Record<string, string>)[rng.pick(op.secret.scopes)];
            headers['User-API-Key'] = tenantA.apiKey;
            break;
          case 2: // the right secret with another tenant's User-API-Key
            secret = keys[rng.pick(op.secret.scopes)];
            headers['User-API-Key'] = tenantB.apiKey;
            break;
          case 3: // almost the right secret
            secret = keys[rng.pick(op.secret.scopes)].slice(0, -1) + '_';
            break;
          default:
            secret = rng.pick(HOSTILE_STRINGS);
        }
      }
    }
    if (op.userApiKey) {
      if (valid) headers['User-API-Key'] = tenantA.apiKey;
      else if (op.authRequired) headers['User-API-Key'] = headerValue(rng.pick([tenantA.apiKey.toLowerCase(), `${tenantA.apiKey} `.repeat(2), 'AAAAAA', rng.pick(HOSTILE_STRINGS)]));
    }
    if (op.operator) {
      if (valid) headers.Authorization = `Bearer ${TEST_ADMIN_TOKEN}`;
      else headers.Authorization = rng.pick([`Bearer ${TEST_ADMIN_TOKEN}x`, 'Bearer ', `Basic ${Buffer.from(`admin:${TEST_ADMIN_TOKEN}`).toString('base64')}`, `Bearer ${headerValue(rng.pick(HOSTILE_STRINGS))}`]);
    }
    if (!valid && rng.chance(0.2)) {
      for (const h of ['appza-hash', 'lazy-task-hash', 'fcom-mobile-hash']) if (rng.chance(0.5)) headers[h] = headerValue(rng.pick(HOSTILE_STRINGS));
    }
    return { secret, headers };
  }

  /** A value for a non-secret path parameter that matches nothing (ids are never small positive integers). */
  function hostileParam(rng: Rng): string {
    return rng.chance(0.15) ? String(1_000_000_000 + rng.int(1_000_000)) : rng.pick(HOSTILE_STRINGS);
  }

  function wrongTypedBody(op: OpenApiOperation, rng: Rng): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    for (const name of Object.keys(op.bodySchema?.properties ?? {})) {
      if (rng.chance(0.8)) body[name] = typeof hostileJsonValue(rng) === 'string' ? { nested: rng.pick(HOSTILE_STRINGS) } : hostileJsonValue(rng);
    }
    const first = Object.keys(op.bodySchema?.properties ?? {})[0];
    if (first) body[first] = { not: 'a scalar' }; // at least one field is of a wrong type
    body[rng.pick(['zz_unknown', 'isAdmin', 'tenant_id', '$where'])] = hostileJsonValue(rng);
    return body;
  }

  function build(op: OpenApiOperation, rng: Rng): FuzzRequest {
    const hasBody = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(op.method);
    const needsCredentials = !!op.secret || (op.userApiKey && op.authRequired) || op.operator;
    const categories: Category[] = needsCredentials ? ['wrong-credentials', 'hostile-params'] : ['hostile-params'];
    if (hasBody) categories.push('malformed-json', 'wrong-content-type', 'non-object-body', 'wrong-types');
    // `null` and an unparsed (multipart) body count as no body: a defect only where `{}` is invalid too
    const emptyIsInvalid = (op.bodySchema?.required?.length ?? 0) > 0;
    let category = rng.pick(categories);
    if (hasBody && rng.chance(0.01)) category = 'oversized-body';
    const validCredentials = category !== 'wrong-credentials';
    const { secret, headers } = credentials(op, validCredentials, rng);

    // path: every parameter hostile, except the secret (valid or wrong as chosen)
    // a route without a documented body ignores it: its parameters must carry the defect
    const hostilePath = category === 'hostile-params' || category === 'wrong-credentials' || !op.bodyTypes.length || rng.chance(0.5);
    let path = op.path;
    for (const p of op.params.filter((x) => x.in === 'path')) {
      const raw = op.secret?.param === p.name ? secret! : hostilePath ? hostileParam(rng) : String(1_000_000_000 + rng.int(1000));
      path = path.replace(`{${p.name}}`, op.secret?.param === p.name && validCredentials ? raw : pathSegment(raw, rng));
    }

    // query: documented parameters hostile, some dropped, some duplicated, plus unknown ones
    const query: string[] = [];
    for (const p of op.params.filter((x) => x.in === 'query')) {
      if (category === 'hostile-params' ? rng.chance(0.2) : rng.chance(0.6)) continue; // missing
      const enc = (v: string) => pathSegment(v, rng);
      query.push(`${encodeURIComponent(p.name)}=${enc(rng.pick(HOSTILE_STRINGS))}`);
      if (rng.chance(0.3)) query.push(`${encodeURIComponent(p.name)}=${enc(rng.pick(HOSTILE_STRINGS))}`); // duplicate
      if (rng.chance(0.1)) query.push(`${encodeURIComponent(p.name)}[]=x&${encodeURIComponent(p.name)}[a]=y`);
    }
    if (rng.chance(0.3)) query.push(`zz_unknown=${pathSegment(rng.pick(HOSTILE_STRINGS), rng)}`);
    if (rng.chance(0.05)) query.push('%', '=&=&&', '__proto__[polluted]=1');
    const url = query.length ? `${path}?${query.join('&')}` : path;

    const init: RequestInit = { method: op.method, headers: { ...headers } };
    const h = init.headers as Record<string, string>;
    for (const p of op.params.filter((x) => x.in === 'header' && x.name.toLowerCase() !== 'user-api-key')) {
      if (rng.chance(0.5)) h[p.name] = headerValue(rng.pick(HOSTILE_STRINGS));
    }
    if (hasBody) {
      switch (category) {
        case 'malformed-json':
          h['content-type'] = 'application/json';
          init.body = rng.pick(['{', '{"a":', '[1,2', '{"a":1,}', "{'a':1}", '{"a":"\\u00"}', 'nul', '{"a":1}{"b":2}', '\u0000', '{"a":1,"a":2,"__proto__":{"x":1}', '']);
          break;
        case 'wrong-content-type':
          h['content-type'] = rng.pick(['text/plain', 'application/xml', 'text/html', 'image/png', 'application/octet-stream', 'application/json; charset=utf-7', 'application/x-www-form-urlencoded', ...(emptyIsInvalid ? ['multipart/form-data; boundary=x'] : [])]);
          init.body = rng.pick(['<a>1</a>', 'a=1&a=2&__proto__[x]=1', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--', JSON.stringify(wrongTypedBody(op, rng))]);
          break;
        case 'non-object-body':
          h['content-type'] = 'application/json';
          init.body = rng.pick(['true', '0', '-1', '"string"', '[]', '[{}]', '[null]', '"\\u0000"', '1e309', ...(emptyIsInvalid ? ['null'] : [])]);
          break;
        case 'oversized-body':
          h['content-type'] = 'application/json';
          init.body = JSON.stringify({ data: 'x'.repeat(1024 * 1024 + 100) });
          break;
        default: // wrong-types, hostile-params, wrong-credentials: a JSON object with wrongly typed fields
          h['content-type'] = 'application/json';
          init.body = JSON.stringify(wrongTypedBody(op, rng));
      }
    }
    return { op, category, url, init, validCredentials };
  }

  /** Whether a suspicious piece of a response is one of the fuzzer's own hostile strings, echoed back. */
  function sentByFuzzer(match: string): boolean {
    const needle = match.slice(0, 24).toLowerCase();
    return HOSTILE_STRINGS.some((h) => h.toLowerCase().includes(needle));
  }

  function checkResponse(req: FuzzRequest, status: number, headers: Headers, text: string, failures: Failure[]) {
    const fail = (what: string) =>
      failures.push({
        what,
        request: `${req.op.method} ${req.url.slice(0, 200)} [${req.category}] ${JSON.stringify(req.init.headers)} ${String(req.init.body ?? '').slice(0, 300)}`,
        status,
        body: text.slice(0, 300),
      });
    if (status >= 500) fail('5xx');
    if (headers.get('server')) fail('Server header');
    if (headers.get('x-powered-by')) fail('X-Powered-By header');
    // (what we sent may come back as data: a dashboard lists the license keys that were tried)
    const leak = LEAKS.exec(text) ?? DRIVER_CODES.exec(text);
    if (leak && !sentByFuzzer(leak[0])) fail(`leak in body: ${leak[0]}`);
    if (!req.validCredentials && (req.op.secret || req.op.operator || (req.op.userApiKey && req.op.authRequired)) && status < 400) {
      fail('success without valid credentials');
    }
    if (status >= 400) {
      let body: any;
      try {
        body = JSON.parse(text);
      } catch {
        fail('error body is not JSON');
        return;
      }
      const path = req.url.split('?')[0];
      const ok = isBridgePath(path)
        ? body?.status === status && typeof body?.message === 'string'
        : body?.result === 'error' && body?.message !== undefined && (typeof body?.error_code === 'number' || typeof body?.code === 'string');
      if (!ok) fail('error body not in the contract shape');
    }
  }

  it('answers every generated request without a 5xx, in the contract shape, and changes nothing', async () => {
    const before = await snapshot();
    const rng = new Rng(SEED);
    const perRoute = casesPerRoute(operations.length);
    const requests: FuzzRequest[] = [];
    for (const op of operations) for (let i = 0; i < perRoute; i++) requests.push(build(op, rng));

    const failures: Failure[] = [];
    // FUZZ_TRACE_DB=1: one request at a time, the database compared after each (slow; finds the culprit)
    const trace = process.env.FUZZ_TRACE_DB === '1';
    let last = trace ? before : undefined;
    const statuses = new Map<number, number>();
    let sent = 0;
    let clientErrors = 0;
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const req = requests[next++];
        try {
          const res = await fetch(t.baseUrl + req.url, req.init);
          const text = await res.text();
          sent++;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          checkResponse(req, res.status, res.headers, text, failures);
          if (trace) {
            const now = await snapshot();
            if (JSON.stringify(now) !== JSON.stringify(last)) {
              failures.push({ what: 'database changed', request: `${req.op.method} ${req.url.slice(0, 200)} [${req.category}] ${String(req.init.body ?? '').slice(0, 200)}`, status: res.status, body: text.slice(0, 300) });
              last = now;
            }
          }
        } catch (err) {
          // fetch refuses some inputs itself (e.g. a URL it cannot parse): nothing was sent
          clientErrors++;
          if (!(err instanceof TypeError)) throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: trace ? 1 : CONCURRENCY }, worker));
    const seconds = (Date.now() - started) / 1000;

    const after = await snapshot();
    const health = await t.request('/health');

    console.log(
      `fuzz: sent ${sent} requests to ${operations.length} operations (${perRoute} generated per operation, seed ${SEED}) in ${seconds.toFixed(1)} s; ` +
        `${clientErrors} not sendable; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}; ` +
        `database compared without the log tables (${Object.keys(before).length} tables checked)`,
    );
    expect(sent).toBeGreaterThan(operations.length * perRoute * 0.9);
    expect(failures.slice(0, 25)).toEqual([]);
    expect(after).toEqual(before);
    expect(health.status).toBe(200);
  }, 600_000);
});
