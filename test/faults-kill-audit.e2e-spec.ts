import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { licenseFields, LICENSE_TEST_ENV } from './licenses-support';
import { processEnv, requireDist, runCli, ServerProcess, startServerProcess } from './helpers/spawn';
import { createTestDatabase, TestDatabase } from './helpers/test-db';

/**
 * kill -9 under load (issue 9.3): the activity row of a write is part of the write's transaction,
 * and the buffered validation logs lose at most one flush interval.
 *
 * The real built server runs as a child process on the run's database (a SQLite file, or the
 * MariaDB of DATABASE_URL); a burst of creates, edits, deletes, registrations, unregistrations,
 * key rotations, settings changes and validations runs against it and is cut by SIGKILL. After a
 * restart (which must come up on the crashed database) the tables are read directly:
 * - every acknowledged write has its activity row, and every license and registration that
 *   exists has one;
 * - no activity row tells of a write that did not commit (a created license that is neither
 *   there nor deleted, a registration that is neither there nor unregistered, more rows than
 *   writes sent);
 * - every validation acknowledged more than one flush interval (plus a margin for the write
 *   itself) before the kill has its validation-log row. The figures are printed.
 */
const FLUSH_MS = 500;
/** time a flush may take beyond its interval on a loaded, shared machine (not a timing assertion of the app's speed) */
const MARGIN_MS = 1500;
const BURST_MS = 6000;
const WRITERS = 18;
const VALIDATORS = 8;
const SEED_LICENSES = 4;

interface Creds {
  id: number;
  apiKey: string;
  secretKeys: Record<'creation' | 'validation' | 'activation' | 'management' | 'general', string>;
}

interface Row {
  [column: string]: unknown;
}

/** Reads the crashed database's tables directly (no app in between: what is really stored). */
async function readTables(db: TestDatabase, sql: string, params: unknown[]): Promise<Row[]> {
  if (db.kind === 'sqlite') {
    const conn = new Database(db.url.slice('sqlite:'.length), { readonly: true });
    try {
      return conn.prepare(sql).all(...params) as Row[];
    } finally {
      conn.close();
    }
  }
  const conn = await mysql.createConnection(db.url);
  try {
    const [rows] = await conn.query(sql, params);
    return rows as Row[];
  } finally {
    await conn.end();
  }
}

/** What the burst sent and what the server acknowledged. */
class Ledger {
  created = new Set<string>();
  deleted = new Set<string>();
  registered = new Set<string>();
  unregistered = new Set<string>();
  edits = new Map<string, { sent: number; acked: number }>();
  rotations = { sent: 0, acked: 0 };
  settings = { sent: 0, acked: 0 };
  /** user agent of each acknowledged validation → when its answer arrived */
  validations = new Map<string, number>();
  sentValidations = 0;
}

describe('kill -9 under load: audit rows and validation logs (issue 9.3)', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let tenant: Creds;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    requireDist();
    db = await createTestDatabase();
    env = processEnv(db, { ...LICENSE_TEST_ENV, LOG_FLUSH_INTERVAL_MS: String(FLUSH_MS), LOG_LEVEL: 'error' });
    const res = await runCli(['tenant:create', '--username', 'killtest', '--email', 'ops@kill.test', '--json'], env);
    if (res.code !== 0) throw new Error(`tenant:create failed: ${res.stderr}`);
    tenant = JSON.parse(res.stdout.trim().split('\n').pop()!) as Creds;
  });

  afterAll(async () => {
    await server?.kill('SIGKILL');
    await db?.drop();
  });

  it('keeps the activity row of every committed write, none of an uncommitted one, and all but the last flush interval of validation logs', async () => {
    server = await startServerProcess(env);
    const base = server.baseUrl;
    const s = tenant.secretKeys;
    const enc = encodeURIComponent;
    const call = async (path: string, init: RequestInit = {}, ua = 'kill-test'): Promise<Record<string, unknown> | null> => {
      try {
        const res = await fetch(base + path, { ...init, headers: { 'user-agent': ua, ...(init.headers ?? {}) } });
        const body = (await res.json()) as Record<string, unknown>;
        return res.status === 200 ? body : null;
      } catch {
        return null; // no answer: the server was killed (or the connection reset)
      }
    };
    const ok = (body: Record<string, unknown> | null) => body?.result === 'success';
    const create = async (): Promise<string | null> => {
      const body = await call(`/api/license/create/${s.creation}/data`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(licenseFields({ max_allowed_domains: 5000 })),
      });
      return ok(body) && typeof body!.key === 'string' ? (body!.key as string) : null;
    };

    const seeded: string[] = [];
    for (let i = 0; i < SEED_LICENSES; i++) {
      const key = await create();
      if (!key) throw new Error('seeding a license failed');
      seeded.push(key);
    }

    const ledger = new Ledger();
    for (const key of seeded) ledger.created.add(key);
    let stop = false;
    let domainSeq = 0;
    let validationSeq = 0;

    const writer = async (w: number) => {
      const own: string[] = [];
      const domains: Array<[string, string]> = [];
      for (let i = 0; !stop; i++) {
        const op = (i + w) % 9;
        if (op === 0 || op === 5 || own.length === 0) {
          const key = await create();
          if (key) {
            ledger.created.add(key);
            own.push(key);
          }
        } else if (op === 1 || op === 6) {
          const key = own.length && op === 6 ? own[own.length - 1] : seeded[(w + i) % seeded.length];
          const name = `d${++domainSeq}.kill.test`;
          if (ok(await call(`/api/license/register/domain/${name}/${s.activation}/${enc(key)}`))) {
            ledger.registered.add(`${key}|${name}`);
            domains.push([key, name]);
          }
        } else if (op === 2 && domains.length) {
          const [key, name] = domains.shift()!;
          if (ok(await call(`/api/license/unregister/domain/${name}/${s.activation}/${enc(key)}`))) ledger.unregistered.add(`${key}|${name}`);
        } else if (op === 3) {
          const key = own[own.length - 1];
          const tally = ledger.edits.get(key) ?? { sent: 0, acked: 0 };
          ledger.edits.set(key, tally);
          tally.sent++;
          const body = await call(`/api/license/edit/${s.management}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            // every edit changes the value (John → Alice → Bobby → Alice ...), so each one that commits writes its row
            body: JSON.stringify({ license_key: key, first_name: tally.sent % 2 ? 'Alice' : 'Bobby' }),
          });
          if (ok(body)) tally.acked++;
        } else if (op === 4 && own.length > 1) {
          const key = own.shift()!;
          if (ok(await call(`/api/license/delete/license_only/${s.management}/${enc(key)}`))) ledger.deleted.add(key);
        } else if (op === 7 && w % 6 === 0) {
          ledger.rotations.sent++;
          const body = await call('/api/user/secrets/rotate', { method: 'POST', headers: { 'User-API-Key': tenant.apiKey, 'content-type': 'application/json' }, body: JSON.stringify({ scope: 'general' }) });
          if (ok(body)) ledger.rotations.acked++;
        } else if (op === 8 && w % 6 === 1) {
          ledger.settings.sent++;
          const body = await call('/api/user/settings', {
            method: 'POST',
            headers: { 'User-API-Key': tenant.apiKey, 'content-type': 'application/json' },
            body: JSON.stringify({ defaultTrialDays: 1 + (ledger.settings.sent % 300) }),
          });
          if (ok(body)) ledger.settings.acked++;
        }
      }
    };
    const validator = async (v: number) => {
      for (let i = 0; !stop; i++) {
        const ua = `kill-validation-${v}-${++validationSeq}`;
        ledger.sentValidations++;
        const body = await call(`/api/license/validate/${s.validation}/${enc(seeded[i % seeded.length])}`, { method: 'POST' }, ua);
        if (ok(body)) ledger.validations.set(ua, Date.now());
      }
    };

    const burst = [...Array.from({ length: WRITERS }, (_, w) => writer(w)), ...Array.from({ length: VALIDATORS }, (_, v) => validator(v))];
    await new Promise((r) => setTimeout(r, BURST_MS));
    const killedAt = Date.now();
    const ended = await server.kill('SIGKILL');
    stop = true;
    await Promise.all(burst);
    server = undefined;
    expect(ended.signal).toBe('SIGKILL');

    // the server starts again on the crashed database
    server = await startServerProcess(env);
    await server.stop();
    server = undefined;

    const activity = await readTables(db, 'SELECT license_key, action_type, details FROM activity_logs WHERE tenant_id = ?', [tenant.id]);
    const rowsOf = (action: string) => activity.filter((r) => r.action_type === action);
    const keysOf = (action: string) => new Set(rowsOf(action).map((r) => String(r.license_key)));
    const createdRows = keysOf('license_created');
    const deletedRows = keysOf('license_deleted');
    const registeredRows = new Set(rowsOf('domain_registered').map((r) => `${r.license_key}|${/^domain \((.+)\) registered$/.exec(String(r.details))?.[1]}`));
    const unregisteredRows = new Set(rowsOf('domain_unregistered').map((r) => `${r.license_key}|${/^domain \((.+)\) unregistered$/.exec(String(r.details))?.[1]}`));
    const licenses = new Set((await readTables(db, 'SELECT license_key FROM licenses WHERE tenant_id = ?', [tenant.id])).map((r) => String(r.license_key)));
    const activations = new Set(
      (await readTables(db, "SELECT license_key, name FROM license_activations WHERE tenant_id = ? AND type = 'domain'", [tenant.id])).map((r) => `${r.license_key}|${r.name}`),
    );

    const missing = {
      created: [...ledger.created].filter((k) => !createdRows.has(k)),
      deleted: [...ledger.deleted].filter((k) => !deletedRows.has(k)),
      registered: [...ledger.registered].filter((k) => !registeredRows.has(k)),
      unregistered: [...ledger.unregistered].filter((k) => !unregisteredRows.has(k)),
      licenseWithoutRow: [...licenses].filter((k) => !createdRows.has(k)),
      activationWithoutRow: [...activations].filter((k) => !registeredRows.has(k)),
      edits: [...ledger.edits].filter(([k, n]) => rowsOf('license_updated').filter((r) => r.license_key === k).length < n.acked).map(([k]) => k),
      rotations: Math.max(0, ledger.rotations.acked - rowsOf('keys_rotated').length),
      settings: Math.max(0, ledger.settings.acked - rowsOf('settings_updated').length),
    };
    const uncommitted = {
      created: [...createdRows].filter((k) => !licenses.has(k) && !deletedRows.has(k)),
      deleted: [...deletedRows].filter((k) => licenses.has(k)),
      registered: [...registeredRows].filter((k) => !activations.has(k) && !unregisteredRows.has(k)),
      unregistered: [...unregisteredRows].filter((k) => activations.has(k)),
      edits: [...ledger.edits].filter(([k, n]) => rowsOf('license_updated').filter((r) => r.license_key === k).length > n.sent).map(([k]) => k),
      rotations: Math.max(0, rowsOf('keys_rotated').length - ledger.rotations.sent),
      settings: Math.max(0, rowsOf('settings_updated').length - ledger.settings.sent),
    };

    const validationRows = new Set(
      (await readTables(db, "SELECT user_agent FROM validation_logs WHERE tenant_id = ? AND user_agent LIKE 'kill-validation-%'", [tenant.id])).map((r) => String(r.user_agent)),
    );
    const window = FLUSH_MS + MARGIN_MS;
    let lost = 0;
    let lostBeforeWindow = 0;
    let lostOldestMs = 0;
    for (const [ua, at] of ledger.validations) {
      if (validationRows.has(ua)) continue;
      lost++;
      lostOldestMs = Math.max(lostOldestMs, killedAt - at);
      if (at < killedAt - window) lostBeforeWindow++;
    }
    const writes = ledger.created.size + ledger.deleted.size + ledger.registered.size + ledger.unregistered.size;
    console.log(
      `kill -9 on ${db.kind}: acknowledged writes ${writes} (created ${ledger.created.size}, deleted ${ledger.deleted.size}, ` +
        `registered ${ledger.registered.size}, unregistered ${ledger.unregistered.size}, edits ${[...ledger.edits.values()].reduce((n, e) => n + e.acked, 0)}, ` +
        `rotations ${ledger.rotations.acked}, settings ${ledger.settings.acked}); activity rows ${activity.length}; ` +
        `missing ${JSON.stringify(Object.fromEntries(Object.entries(missing).map(([k, v]) => [k, typeof v === 'number' ? v : v.length])))}; ` +
        `without a commit ${JSON.stringify(Object.fromEntries(Object.entries(uncommitted).map(([k, v]) => [k, typeof v === 'number' ? v : v.length])))}. ` +
        `Validations: sent ${ledger.sentValidations}, acknowledged ${ledger.validations.size}, rows ${validationRows.size}, ` +
        `lost ${lost} (the oldest of them answered ${lostOldestMs} ms before the kill), lost from before the last ${window} ms: ${lostBeforeWindow}`,
    );

    // the burst really ran: writes and validations were acknowledged before the kill
    expect(ledger.created.size).toBeGreaterThan(SEED_LICENSES);
    expect(ledger.registered.size).toBeGreaterThan(0);
    expect(ledger.validations.size).toBeGreaterThan(0);
    expect(missing).toEqual({ created: [], deleted: [], registered: [], unregistered: [], licenseWithoutRow: [], activationWithoutRow: [], edits: [], rotations: 0, settings: 0 });
    expect(uncommitted).toEqual({ created: [], deleted: [], registered: [], unregistered: [], edits: [], rotations: 0, settings: 0 });
    expect(lostBeforeWindow).toBe(0);
  });
});
