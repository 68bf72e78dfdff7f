import { Injectable, Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { OutboundHttp, OutboundResult } from '../../outbound/outbound-http';
import { buildFluentUrl, FluentAction, parseFluentBody } from './fluent-protocol';

/** The outcome of one upstream call. Failures are values, never thrown. */
export type FluentCallResult =
  /** a JSON object came back (any HTTP status below 500; the store answers errors with 422 or 200) */
  | { kind: 'answer'; httpStatus: number; body: Record<string, unknown> }
  /** the destination guard refused the store's address (loopback, private, link-local, ...: README "Failure behaviour") */
  | { kind: 'refused' }
  /** no connection (refused, reset, DNS) */
  | { kind: 'unreachable' }
  /** no complete answer within the timeout */
  | { kind: 'timeout' }
  /** HTTP 5xx, a body that is not a JSON object, a truncated or oversized body */
  | { kind: 'invalid_response'; httpStatus: number; reason: 'server_error' | 'not_json' | 'truncated' | 'too_large' };

export interface FluentCallOptions {
  timeoutMs: number;
}

const MAX_BODY_BYTES = 1024 * 1024;
/** A store behind a CDN or a moved site may redirect; every hop goes through the destination guard again. */
const MAX_REDIRECTS = 5;
const READ_ACTIONS: ReadonlySet<FluentAction> = new Set(['check_license', 'get_license_version']);
const RETRY_DELAY_MS = 100;
const HEADERS = { accept: 'application/json', 'user-agent': 'license-server-fluent-bridge/1.0' };

/**
 * The FluentCart licensing client: `GET {api_url}?fluent-cart={action}&...` through OutboundHttp
 * (the destination guard) with one deadline per call. A read (check, version) whose connection
 * fails is tried once more within the same deadline; an answer, whatever its status, is never
 * retried. Parameters (license keys) never reach a log line.
 */
@Injectable()
export class FluentClient {
  private readonly logger = new Logger('FluentClient');

  constructor(private readonly http: OutboundHttp) {}

  async call(apiUrl: string, action: FluentAction, params: Record<string, string | number | undefined | null>, options: FluentCallOptions): Promise<FluentCallResult> {
    let url: URL;
    try {
      url = buildFluentUrl(apiUrl, action, params);
    } catch {
      return { kind: 'unreachable' };
    }
    const deadline = performance.now() + options.timeoutMs;
    let result = await this.attempt(url, deadline);
    if (result.kind === 'unreachable' && READ_ACTIONS.has(action) && deadline - performance.now() > RETRY_DELAY_MS) {
      await sleep(RETRY_DELAY_MS);
      result = await this.attempt(url, deadline);
    }
    if (result.kind !== 'answer') {
      this.logger.warn({ upstream: url.host, action, outcome: result.kind, ...('reason' in result ? { reason: result.reason, httpStatus: result.httpStatus } : {}) }, 'Fluent upstream call failed');
    }
    return result;
  }

  private async attempt(url: URL, deadline: number): Promise<FluentCallResult> {
    const timeoutMs = Math.round(deadline - performance.now());
    if (timeoutMs <= 0) return { kind: 'timeout' };
    const r: OutboundResult = await this.http.send({ method: 'GET', url: url.href, headers: HEADERS, timeoutMs, maxBodyBytes: MAX_BODY_BYTES, maxRedirects: MAX_REDIRECTS });
    switch (r.kind) {
      case 'refused':
        return { kind: 'refused' };
      case 'timeout':
        return { kind: 'timeout' };
      case 'unreachable':
        // the store answered but the body stopped half-way: an answer was started, so no retry
        return r.reason === 'response_truncated' ? { kind: 'invalid_response', httpStatus: 0, reason: 'truncated' } : { kind: 'unreachable' };
      case 'too_large':
        return { kind: 'invalid_response', httpStatus: r.status, reason: 'too_large' };
      case 'answer': {
        if (r.status >= 500) return { kind: 'invalid_response', httpStatus: r.status, reason: 'server_error' };
        const body = parseFluentBody(r.body);
        if (!body) return { kind: 'invalid_response', httpStatus: r.status, reason: 'not_json' };
        return { kind: 'answer', httpStatus: r.status, body };
      }
    }
  }
}
