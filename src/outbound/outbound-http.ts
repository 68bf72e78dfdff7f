import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { promises as dns, LookupAddress, LookupOptions } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { AppConfig } from '../config/app.config';
import { refusedRange, urlHost } from './destination-policy';

export interface OutboundRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** one deadline for the whole call: every hop, connect, headers and body */
  timeoutMs: number;
  /** default 1 MiB */
  maxBodyBytes?: number;
  /** default 0: a 3xx is answered as is */
  maxRedirects?: number;
}

export type OutboundResult =
  | { kind: 'answer'; status: number; headers: Record<string, string>; body: string; ms: number }
  /** destination not allowed (or bad URL / scheme) */
  | { kind: 'refused'; reason: string }
  /** DNS, refused, reset, TLS, a response cut off half-way (`reason: 'response_truncated'`) */
  | { kind: 'unreachable'; reason: string; ms: number }
  | { kind: 'timeout'; ms: number }
  | { kind: 'too_large'; status: number; ms: number };

/** Resolves a host name to all its addresses. */
export type HostResolver = (hostname: string, family: 0 | 4 | 6) => Promise<LookupAddress[]>;

/**
 * Seams for tests of the guard's mechanics only (which hop and which moment is checked): a DNS
 * server to play, and a policy to judge loopback stand-ins by. Production never provides them.
 */
export interface OutboundGuardOverrides {
  resolve?: HostResolver;
  refusedRange?: (address: string) => string | null;
}
export const OUTBOUND_GUARD_OVERRIDES = Symbol('OUTBOUND_GUARD_OVERRIDES');

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
/** Credentials that must not follow a redirect to another origin. */
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

class DestinationRefused extends Error {}

const systemResolver: HostResolver = (hostname, family) => dns.lookup(hostname, { all: true, family, verbatim: true });

function familyOf(options: LookupOptions): 0 | 4 | 6 {
  const f: unknown = options.family;
  if (f === 4 || f === 'IPv4') return 4;
  if (f === 6 || f === 'IPv6') return 6;
  return 0;
}

function flattenHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/**
 * The one way this server makes an outgoing HTTP call (bridge upstreams, webhooks). Its
 * destination guard judges the address actually connected to: an IP literal directly, a host
 * name through a `lookup` that checks every address the name resolves to at connect time (so a
 * name that resolves to 127.0.0.1, or rebinds to it after a check, cannot pass). Every redirect
 * hop goes through the same guard. OUTBOUND_ALLOW_PRIVATE_NETWORKS=true lifts the guard.
 * `send` never throws: every failure is a result.
 */
@Injectable()
export class OutboundHttp {
  private readonly logger = new Logger('OutboundHttp');
  private readonly allowPrivate: boolean;
  private readonly resolver: HostResolver;
  private readonly refusedRange: (address: string) => string | null;
  private readonly lookup: LookupFunction;

  constructor(config: AppConfig, @Optional() @Inject(OUTBOUND_GUARD_OVERRIDES) overrides?: OutboundGuardOverrides) {
    this.allowPrivate = config.outbound.allowPrivateNetworks;
    this.resolver = overrides?.resolve ?? systemResolver;
    this.refusedRange = overrides?.refusedRange ?? refusedRange;
    this.lookup = (hostname, options, callback) => {
      this.resolver(hostname, familyOf(options)).then(
        (addresses) => {
          if (addresses.length === 0) {
            callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
            return;
          }
          for (const a of addresses) {
            const range = this.allowPrivate ? null : this.refusedRange(a.address);
            if (range) {
              callback(new DestinationRefused(`${hostname} resolves to ${a.address} (${range})`), '', 0);
              return;
            }
          }
          if (options.all) callback(null, addresses);
          else callback(null, addresses[0].address, addresses[0].family);
        },
        (e: NodeJS.ErrnoException) => callback(e, '', 0),
      );
    };
  }

  async send(req: OutboundRequest): Promise<OutboundResult> {
    const started = performance.now();
    try {
      return await this.follow(req, started);
    } catch (e) {
      // not expected: every failure of a call is a result; this is a fault in this class
      this.logger.error({ err: e }, 'outgoing call failed unexpectedly');
      return { kind: 'unreachable', reason: 'internal_error', ms: Math.round(performance.now() - started) };
    }
  }

  private async follow(req: OutboundRequest, started: number): Promise<OutboundResult> {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return { kind: 'refused', reason: 'not a valid URL' };
    }
    let method = req.method;
    let body = req.body;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
    const maxRedirects = Math.max(0, req.maxRedirects ?? 0);
    const maxBodyBytes = req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    for (let hop = 0; ; hop++) {
      const remaining = req.timeoutMs - (performance.now() - started);
      if (remaining <= 0) return { kind: 'timeout', ms: Math.round(performance.now() - started) };
      const mayFollow = hop < maxRedirects;
      const result = await this.once(url, method, headers, body, remaining, maxBodyBytes, mayFollow, started);
      if (result.kind === 'refused') this.logger.warn({ host: url.host, reason: result.reason }, 'outgoing call refused by the destination guard');
      if (result.kind !== 'answer' || !mayFollow || !REDIRECT_STATUSES.has(result.status) || !result.headers.location) return result;
      let next: URL;
      try {
        next = new URL(result.headers.location, url);
      } catch {
        return { kind: 'refused', reason: 'redirect to an invalid URL' };
      }
      if (result.status === 303 || ((result.status === 301 || result.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        delete headers['content-type'];
      }
      if (next.origin !== url.origin) for (const h of ORIGIN_BOUND_HEADERS) delete headers[h];
      url = next;
    }
  }

  /** One request to one URL, the guard included. A followable redirect comes back with an empty body (not read). */
  private once(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number,
    maxBodyBytes: number,
    mayFollow: boolean,
    started: number,
  ): Promise<OutboundResult> {
    const ms = () => Math.round(performance.now() - started);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.resolve({ kind: 'refused', reason: `scheme ${url.protocol} is not allowed` });
    const host = urlHost(url);
    if (host === '') return Promise.resolve({ kind: 'refused', reason: 'URL has no host' });
    if (!this.allowPrivate && isIP(host) !== 0) {
      const range = this.refusedRange(host);
      if (range) return Promise.resolve({ kind: 'refused', reason: `${host} is a ${range} address` });
    }
    return new Promise<OutboundResult>((resolve) => {
      let settled = false;
      const done = (r: OutboundResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      const requestHeaders: Record<string, string> = { ...headers };
      if (body !== undefined) requestHeaders['content-length'] = String(Buffer.byteLength(body));
      const transport = url.protocol === 'https:' ? https : http;
      const request = transport.request(url, { method, headers: requestHeaders, lookup: this.lookup, agent: false }, (res) => {
        const status = res.statusCode ?? 0;
        const resHeaders = flattenHeaders(res.headers);
        const stop = (r: OutboundResult) => {
          done(r);
          res.destroy();
        };
        if (mayFollow && REDIRECT_STATUSES.has(status) && resHeaders.location) return stop({ kind: 'answer', status, headers: resHeaders, body: '', ms: ms() });
        const declared = Number(resHeaders['content-length']);
        if (Number.isFinite(declared) && declared > maxBodyBytes) return stop({ kind: 'too_large', status, ms: ms() });
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.byteLength;
          if (size > maxBodyBytes) return stop({ kind: 'too_large', status, ms: ms() });
          chunks.push(chunk);
        });
        res.on('end', () => done({ kind: 'answer', status, headers: resHeaders, body: Buffer.concat(chunks).toString('utf8'), ms: ms() }));
        res.on('close', () => {
          if (!res.complete) done({ kind: 'unreachable', reason: 'response_truncated', ms: ms() });
        });
        res.on('error', () => done({ kind: 'unreachable', reason: 'response_truncated', ms: ms() }));
      });
      const timer = setTimeout(() => {
        done({ kind: 'timeout', ms: ms() });
        request.destroy();
      }, timeoutMs);
      request.on('error', (e: NodeJS.ErrnoException) => {
        if (e instanceof DestinationRefused) done({ kind: 'refused', reason: e.message });
        else done({ kind: 'unreachable', reason: e.code ?? e.message, ms: ms() });
      });
      request.end(body);
    });
  }
}
