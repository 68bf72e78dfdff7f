/**
 * Small pieces of the fuzz suite (fuzz-api.e2e-spec.ts): a seeded PRNG, hostile values,
 * and reading the OpenAPI document. No dependencies (fast-check is not installed).
 */

/** mulberry32: a tiny, fast, seedable PRNG (same seed, same sequence). */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Strings an attacker or a broken client sends. None of them is a valid id, key, e-mail or enum value. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '   \t  ',
  'a'.repeat(300),
  'A'.repeat(5000),
  'Z'.repeat(41),
  '\u0000',
  'abc\u0000def',
  '\u0001\u0002\u0003\u001b[31m',
  'line1\r\nX-Injected: yes',
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2f',
  '%00',
  '%',
  '%%32%65',
  '/etc/shadow',
  'file:///etc/passwd',
  "' OR '1'='1",
  "1'; DROP TABLE tenants; --",
  '" OR ""="',
  '1 UNION SELECT secret, password FROM tenant_credentials --',
  "admin'--",
  '`id`',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}<%= 7*7 %>',
  '${jndi:ldap://127.0.0.1/a}',
  '__proto__',
  'constructor',
  'prototype',
  '😀🔥💥'.repeat(40),
  'ä'.repeat(300),
  '\u202e\u0627\u0644\u0639\u0631\u0628\u064a\u0629',
  'ＡＢＣ１２３',
  '\ud800',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  '-0',
  '99999999999999999999999',
  '0x7fffffff',
  '1.5',
  'true',
  '[]',
  '{}',
  '*',
  '?',
  '#',
  '/',
  '\\',
  'http://169.254.169.254/latest/meta-data/',
];

/** JSON values of the wrong kind for any scalar field. */
export function hostileJsonValue(rng: Rng, depth = 0): unknown {
  switch (rng.int(12)) {
    case 0:
      return rng.pick(HOSTILE_STRINGS);
    case 1:
      return rng.pick([-1, 0, -0.5, 1e308, -1e308, 2 ** 53 + 1, 1.5]);
    case 2:
      return rng.pick([true, false]);
    case 3:
      return null;
    case 4:
      return depth > 2 ? [] : [hostileJsonValue(rng, depth + 1), hostileJsonValue(rng, depth + 1)];
    case 5:
      return depth > 2 ? {} : { [rng.pick(HOSTILE_STRINGS).slice(0, 40) || 'k']: hostileJsonValue(rng, depth + 1) };
    case 6:
      return deepNest(rng.pick([50, 200]));
    case 7:
      return { $gt: '' };
    case 8:
      return JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    case 9:
      return Array.from({ length: 1000 }, (_, i) => i);
    default:
      return { toString: 'x', valueOf: 1 };
  }
}

function deepNest(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** A path segment: percent-encoded, or raw where that still makes a valid URL. */
export function pathSegment(value: string, rng: Rng): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    encoded = '%ED%A0%80'; // a lone surrogate as raw UTF-8 bytes: not valid UTF-8
  }
  if (encoded === '') return rng.chance(0.5) ? '%20' : '';
  if (rng.chance(0.15) && /^[\x21-\x7e]+$/.test(value) && !/[/?#%\\]/.test(value)) return value;
  if (rng.chance(0.1)) return encoded.replace(/%/g, '%25'); // double encoded
  return encoded;
}

/** A value fetch accepts in a header (latin1, no CR/LF/NUL). */
export function headerValue(value: string): string {
  const cleaned = value.replace(/[\r\n\u0000]/g, '').replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, '?');
  return cleaned.slice(0, 4000);
}

export interface OpenApiOperation {
  method: string;
  path: string;
  params: Array<{ name: string; in: 'path' | 'query' | 'header'; description?: string; required?: boolean; schema?: any }>;
  bodyTypes: string[];
  /** the document says the body is required (an absent or ignored body is then invalid input) */
  bodyRequired: boolean;
  bodySchema?: any;
  /** scopes of the secret key path parameter, when the route takes one */
  secret?: { param: string; scopes: string[] };
  userApiKey: boolean;
  operator: boolean;
  /** the route answers 401/403 without valid credentials */
  authRequired: boolean;
}

function resolveRef(doc: any, schema: any): any {
  if (schema?.$ref) return doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')];
  return schema;
}

/** Every operation of an OpenAPI 3 document, with what the fuzzer needs to know about it. */
export function readOperations(doc: any): OpenApiOperation[] {
  const out: OpenApiOperation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = (op.parameters ?? []).map((p: any) => ({ ...p, schema: resolveRef(doc, p.schema) }));
      const secretParam = params.find((p: any) => p.in === 'path' && /secret key/.test(p.description ?? ''));
      const scopes = secretParam ? /Tenant (.+?) secret key/.exec(secretParam.description)?.[1].split(' or ') ?? [] : [];
      const security: Array<Record<string, unknown>> = op.security ?? [];
      const content = op.requestBody?.content ?? {};
      const json = content['application/json'];
      out.push({
        method: method.toUpperCase(),
        path,
        params,
        bodyTypes: Object.keys(content),
        bodyRequired: op.requestBody?.required === true,
        bodySchema: json ? resolveRef(doc, json.schema) : undefined,
        secret: secretParam ? { param: secretParam.name, scopes } : undefined,
        userApiKey: security.some((s) => 'UserApiKey' in s),
        operator: security.some((s) => 'Operator' in s),
        // a credential is required when no alternative of `security` is the empty one (`{}`: optional)
        authRequired: security.length > 0 && !security.some((s) => Object.keys(s).length === 0),
      });
    }
  }
  return out;
}
