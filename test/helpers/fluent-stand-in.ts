import { createHash, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import type { TestApp, TestTenant } from './test-app';
import { createTenant } from './test-app';

/**
 * A FluentCart store stand-in for the bridge's tests: speaks the licensing protocol of
 * fluent-upstream.md over real HTTP on 127.0.0.1 (`GET`/`POST {url}?fluent-cart={action}`,
 * parameters in the query string or a form body), with failure modes on demand.
 */

export interface StandInLicense {
  key: string;
  itemId: number;
  /** `disabled` licenses are reported `invalid` */
  state: 'active' | 'disabled';
  /** 0 = unlimited */
  limit: number;
  /** `YYYY-MM-DD HH:mm:ss` (GMT) or `lifetime` */
  expiration: string;
  productId: number;
  variationId: number;
  variationTitle: string;
  productTitle: string;
  /** normalized site → activation */
  activations: Map<string, { hash: string; local: boolean; createdAt: string }>;
  createdAt: string;
}

export interface StandInProduct {
  itemId: number;
  name: string;
  slug: string;
  version: string;
  licensingEnabled: boolean;
}

/**
 * `slow`: answers after `slowMs`; `http500`: an HTML error page with status 500; `garbage`: a
 * 200 HTML page; `truncated`: a 200 whose body stops half-way (Content-Length promises more);
 * `notice`: a PHP notice printed before the JSON (a lenient client still reads it).
 */
export type StandInMode = 'normal' | 'slow' | 'http500' | 'garbage' | 'truncated' | 'notice';

export interface RecordedRequest {
  method: string;
  path: string;
  action: string;
  params: Record<string, string>;
}

export interface StandInQuirks {
  /** numbers as strings (`"activation_limit":"10"`) */
  stringNumbers: boolean;
  /** `created_at`/`updated_at` as PHP DateTime objects */
  objectDates: boolean;
}

type Json = Record<string, unknown>;

const GRACE_DAYS = 15;

export function storeSite(raw: string): string {
  let s = raw;
  try {
    s = decodeURIComponent(s);
  } catch {
    /* keep as sent */
  }
  return s.trim().replace(/\/+$/, '').replace(/^https?:\/\//i, '');
}

function isLocalSite(site: string): boolean {
  const host = site.split('/')[0].split(':')[0].toLowerCase();
  return (
    host === 'localhost' ||
    host === '127.0.0.1' ||
    host.endsWith('.local') ||
    host.endsWith('.localhost') ||
    /^(staging|dev|test)\./.test(host)
  );
}

export function gmt(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

export function daysFromNow(days: number): string {
  return gmt(new Date(Date.now() + days * 86_400_000));
}

export class FluentStandIn {
  readonly licenses = new Map<string, StandInLicense>();
  readonly products = new Map<number, StandInProduct>();
  readonly requests: RecordedRequest[] = [];
  mode: StandInMode = 'normal';
  slowMs = 2000;
  /** per action; defaults: check_license answers with both quirks, the others without */
  quirks: Partial<Record<string, StandInQuirks>> = { check_license: { stringNumbers: true, objectDates: true } };
  private readonly onceReplies: Array<{ action: string; status: number; body: Json | string }> = [];
  private readonly pending = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FluentStandIn> {
    let standIn: FluentStandIn | undefined;
    const server = createServer((req, res) => void standIn!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    standIn = new FluentStandIn(server, `http://127.0.0.1:${port}/`);
    return standIn;
  }

  /** A URL on 127.0.0.1 where nothing listens (connection refused). */
  static async closedPortUrl(): Promise<string> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return `http://127.0.0.1:${port}/`;
  }

  async close(): Promise<void> {
    for (const t of this.pending) clearTimeout(t);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  addProduct(p: Partial<StandInProduct> & { itemId: number }): StandInProduct {
    const product: StandInProduct = { name: `Product ${p.itemId}`, slug: `product-${p.itemId}`, version: '2.1.0', licensingEnabled: true, ...p };
    this.products.set(product.itemId, product);
    return product;
  }

  addLicense(l: Partial<Omit<StandInLicense, 'activations'>> & { itemId: number }): StandInLicense {
    if (!this.products.has(l.itemId)) this.addProduct({ itemId: l.itemId });
    const license: StandInLicense = {
      key: `FC-${randomBytes(8).toString('hex').toUpperCase()}`,
      state: 'active',
      limit: 5,
      expiration: daysFromNow(365),
      productId: l.itemId,
      variationId: 15,
      variationTitle: 'Pro License',
      productTitle: this.products.get(l.itemId)!.name,
      createdAt: gmt(new Date()),
      ...l,
      activations: new Map(),
    };
    this.licenses.set(license.key, license);
    return license;
  }

  /** The next call of `action` gets this reply (then the protocol resumes). */
  replyOnce(action: string, status: number, body: Json | string): void {
    this.onceReplies.push({ action, status, body });
  }

  /** Calls recorded for `action`. */
  calls(action: string): RecordedRequest[] {
    return this.requests.filter((r) => r.action === action);
  }

  reset(): void {
    this.mode = 'normal';
    this.onceReplies.length = 0;
    this.requests.length = 0;
  }

  publicStatus(l: StandInLicense): 'valid' | 'expired' | 'invalid' {
    if (l.expiration !== 'lifetime') {
      const expiry = new Date(`${l.expiration.replace(' ', 'T')}Z`).getTime();
      if (Date.now() > expiry + GRACE_DAYS * 86_400_000) return 'expired';
    }
    return l.state === 'active' ? 'valid' : 'invalid';
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      Object.assign(params, Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    }
    const action = params['fluent-cart'] ?? '';
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, action, params });

    if (this.mode === 'slow') {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.pending.delete(t);
          resolve();
        }, this.slowMs);
        this.pending.add(t);
      });
      if (res.destroyed) return;
    }
    if (this.mode === 'http500') return this.send(res, 500, '<html><body><h1>Internal Server Error</h1></body></html>', 'text/html');
    if (this.mode === 'garbage') return this.send(res, 200, '<html><body>Maintenance mode. Back soon.</body></html>', 'text/html');

    const onceIndex = this.onceReplies.findIndex((r) => r.action === action);
    let status: number;
    let body: Json | string;
    if (onceIndex !== -1) {
      ({ status, body } = this.onceReplies.splice(onceIndex, 1)[0]);
    } else {
      [status, body] = this.answer(action, params);
    }
    const text = typeof body === 'string' ? body : JSON.stringify(body);

    if (this.mode === 'truncated') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text) + 50) });
      res.write(text.slice(0, Math.floor(text.length / 2)));
      setImmediate(() => res.socket?.destroy());
      return;
    }
    if (this.mode === 'notice') {
      return this.send(res, status, `<br />\n<b>Notice</b>: Undefined index: foo in <b>/var/www/wp-content/plugins/x.php</b> on line <b>12</b><br />\n${text}`, 'text/html');
    }
    this.send(res, status, text, 'application/json');
  }

  private send(res: ServerResponse, status: number, text: string, type: string): void {
    res.writeHead(status, { 'content-type': `${type}; charset=UTF-8`, 'content-length': String(Buffer.byteLength(text)) });
    res.end(text);
  }

  private answer(action: string, p: Record<string, string>): [number, Json] {
    switch (action) {
      case 'activate_license':
        return this.activate(p);
      case 'check_license':
        return this.check(p);
      case 'deactivate_license':
        return this.deactivate(p);
      case 'get_license_version':
        return this.version(p);
      default:
        return [400, { success: false, message: 'Invalid action' }];
    }
  }

  private error(status: number, errorType: string, message: string): [number, Json] {
    return [status, { success: false, message, error_type: errorType }];
  }

  private licenseFields(l: StandInLicense, action: string): Json {
    const q = this.quirks[action] ?? { stringNumbers: false, objectDates: false };
    const num = (n: number) => (q.stringNumbers ? String(n) : n);
    const date = (d: string) => (q.objectDates ? { date: `${d}.000000`, timezone_type: 3, timezone: 'UTC' } : d);
    const counted = [...l.activations.values()].filter((a) => !a.local).length;
    return {
      status: this.publicStatus(l),
      activation_limit: num(l.limit),
      activations_count: num(counted),
      license_key: l.key,
      expiration_date: l.expiration,
      product_id: num(l.productId),
      variation_id: num(l.variationId),
      variation_title: l.variationTitle,
      product_title: l.productTitle,
      created_at: date(l.createdAt),
      updated_at: date(l.createdAt),
    };
  }

  private activate(p: Record<string, string>): [number, Json] {
    if (!p.license_key || !p.item_id || !p.site_url) return this.error(422, 'validation_error', 'license_key, site_url and item_id is required');
    const l = this.licenses.get(p.license_key);
    if (!l) return this.error(422, 'license_not_found', 'License not found');
    if (String(l.itemId) !== p.item_id) return this.error(422, 'key_mismatch', 'This license key is not valid for this product');
    if (this.publicStatus(l) === 'expired') return this.error(422, 'license_expired', 'License has been expired');
    if (l.state !== 'active') return this.error(422, 'license_not_active', 'License is not active');
    const site = storeSite(p.site_url);
    let activation = l.activations.get(site);
    if (!activation) {
      const local = isLocalSite(site);
      const counted = [...l.activations.values()].filter((a) => !a.local).length;
      if (!local && l.limit > 0 && counted >= l.limit) return this.error(422, 'activation_limit_exceeded', 'Activation limit has been reached');
      activation = { hash: createHash('md5').update(randomBytes(16)).digest('hex'), local, createdAt: gmt(new Date()) };
      l.activations.set(site, activation);
    }
    const fields = this.licenseFields(l, 'activate_license');
    return [200, { ...fields, activation_hash: activation.hash, success: true }];
  }

  private check(p: Record<string, string>): [number, Json] {
    const invalid = (errorType: string, message: string): [number, Json] => [200, { status: 'invalid', error_type: errorType, message, success: true }];
    if (!p.item_id || !p.site_url || (!p.license_key && !p.activation_hash)) {
      return invalid('validation_error', 'item_id, site_url and license_key or activation_hash are required');
    }
    const site = storeSite(p.site_url);
    let l: StandInLicense | undefined;
    if (p.license_key) l = this.licenses.get(p.license_key);
    else l = [...this.licenses.values()].find((x) => [...x.activations.values()].some((a) => a.hash === p.activation_hash));
    if (!l) return invalid('invalid_license', 'License not found');
    if (String(l.itemId) !== p.item_id) return invalid('key_mismatch', 'This license key is not valid for this product');
    const activation = l.activations.get(site);
    if (!activation || (!p.license_key && activation.hash !== p.activation_hash)) {
      return invalid('invalid_activation', 'License activation could not be found');
    }
    return [200, { ...this.licenseFields(l, 'check_license'), activation_hash: activation.hash, success: true }];
  }

  private deactivate(p: Record<string, string>): [number, Json] {
    if (!p.license_key || !p.item_id || !p.site_url) return this.error(422, 'validation_error', 'license_key, site_url and item_id is required');
    const l = this.licenses.get(p.license_key);
    if (!l || String(l.itemId) !== p.item_id) return this.error(422, 'license_not_found', 'License not found');
    const site = storeSite(p.site_url);
    if (!l.activations.delete(site)) return this.error(422, 'site_not_found', 'Site is not activated for this license');
    const { license_key: _key, ...fields } = this.licenseFields(l, 'deactivate_license');
    return [200, { ...fields, status: 'deactivated', success: true }];
  }

  private version(p: Record<string, string>): [number, Json] {
    const product = this.products.get(Number(p.item_id));
    if (!p.item_id || !product) return this.error(422, 'product_not_found', 'Product not found');
    if (!product.licensingEnabled) return this.error(422, 'license_not_enabled', 'Licensing is not enabled for this product');
    let l: StandInLicense | undefined;
    if (p.license_key) l = this.licenses.get(p.license_key);
    else if (p.activation_hash) l = [...this.licenses.values()].find((x) => [...x.activations.values()].some((a) => a.hash === p.activation_hash));
    const siteOk = !p.site_url || (l?.activations.has(storeSite(p.site_url)) ?? false);
    const valid = !!l && l.itemId === product.itemId && siteOk && this.publicStatus(l) === 'valid';
    const pkg = valid ? `${this.url}?fluent-cart=download_license_package&item_id=${product.itemId}&token=${randomBytes(6).toString('hex')}` : '';
    return [
      200,
      {
        new_version: product.version,
        stable_version: product.version,
        name: product.name,
        slug: product.slug,
        url: `${this.url}product/${product.slug}`,
        last_updated: gmt(new Date()),
        homepage: `${this.url}product/${product.slug}`,
        package: pkg,
        download_link: pkg,
        trunk: pkg,
        license_status: valid ? 'valid' : 'invalid',
        ...(valid ? {} : { license_message: 'Your license key is invalid or expired' }),
        sections: { description: `${product.name} description`, changelog: `<h4>${product.version}</h4><ul><li>Fixes</li></ul>` },
        banners: { low: '', high: '' },
        icons: { '2x': '', '1x': '' },
        success: true,
      },
    ];
  }
}

// ---- fixtures for the bridge suites (vendor, product, lead over the real HTTP API) ----


/**
 * Test app environment for the bridge suites: no rate limiting (the suites make many calls from
 * one IP), and private networks allowed (the stand-in store listens on 127.0.0.1, which the
 * destination guard refuses otherwise).
 */
export const BRIDGE_TEST_ENV: Record<string, string> = { RATE_LIMIT_ENABLED: 'false', IP_BLOCK_ENABLED: 'false', OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' };

export interface BridgeVendor {
  tenant: TestTenant;
  /** headers with the tenant's User-API-Key */
  vendor: Record<string, string>;
}

export async function bridgeVendor(t: TestApp): Promise<BridgeVendor> {
  const tenant = await createTenant(t);
  return { tenant, vendor: { 'User-API-Key': tenant.apiKey } };
}

/** Creates (or updates) a product through the vendor API; throws unless it succeeds. */
export async function putProduct(
  t: TestApp,
  v: BridgeVendor,
  slug: string,
  fields: { api_url?: string | null; item_id?: number | null; is_active?: boolean; name?: string } = {},
): Promise<Record<string, unknown>> {
  const res = await t.request(`/api/user/fluent/products/${slug}`, { method: 'PUT', headers: v.vendor, json: fields });
  if (res.status !== 200) throw new Error(`PUT product ${slug}: ${res.status} ${res.text}`);
  return res.body.data;
}

/** Creates a lead through the vendor API and returns its token (which acts only on `domain` and its subdomains). */
export async function createLead(
  t: TestApp,
  v: BridgeVendor,
  product: string,
  domain = 'example.com',
  email = `owner@${domain}`,
): Promise<{ token: string; id: number }> {
  const res = await t.request('/api/user/fluent/leads', { method: 'POST', headers: v.vendor, json: { product, domain, email } });
  if (res.status !== 201) throw new Error(`create lead: ${res.status} ${res.text}`);
  return { token: res.body.token, id: res.body.data.id };
}

/** Calls a License API v1 route with a lead token in `appza-hash` and JSON parameters. */
export function bridge(t: TestApp, token: string | undefined, path: string, params: Record<string, unknown> = {}, method = 'POST') {
  const headers: Record<string, string> = token === undefined ? {} : { 'appza-hash': token };
  if (method === 'GET') {
    const qs = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return t.request(`${path}${qs ? `?${qs}` : ''}`, { method, headers });
  }
  return t.request(path, { method, headers, json: params });
}

let siteCounter = 0;
/** A fresh site URL (normalized form) on example.com, the domain of the leads `createLead` makes by default. */
export function freshSite(): string {
  return `https://site${++siteCounter}-${randomBytes(3).toString('hex')}.example.com`;
}

export interface BridgeSetup extends BridgeVendor {
  token: string;
  leadId: number;
  slug: string;
  site: string;
}

/**
 * A vendor with product `slug` pointing at the stand-in (item 1771 unless told), a lead for it,
 * and a fresh site with a free trial (unless `trial: false`).
 */
export async function bridgeSetup(
  t: TestApp,
  store: FluentStandIn,
  opts: { slug?: string; itemId?: number | null; apiUrl?: string | null; trial?: boolean; vendor?: BridgeVendor } = {},
): Promise<BridgeSetup> {
  const v = opts.vendor ?? (await bridgeVendor(t));
  const slug = opts.slug ?? 'appza';
  await putProduct(t, v, slug, {
    api_url: opts.apiUrl === undefined ? store.url : opts.apiUrl,
    item_id: opts.itemId === undefined ? 1771 : opts.itemId,
  });
  const { token, id } = await createLead(t, v, slug);
  const site = freshSite();
  if (opts.trial !== false) {
    const res = await bridge(t, token, '/api/v1/license/free-trial', { site_url: site, email: 'owner@example.com', name: 'Owner', product: slug });
    if (res.status !== 200) throw new Error(`free-trial: ${res.status} ${res.text}`);
  }
  return { ...v, token, leadId: id, slug, site };
}
