import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildFluentUrl, FluentAction, parseFluentBody } from './fluent-protocol';

/** The outcome of one upstream call. Failures are values, never thrown. */
export type FluentCallResult =
  /** a JSON object came back (any HTTP status below 500; the store answers errors with 422 or 200) */
  | { kind: 'answer'; httpStatus: number; body: Record<string, unknown> }
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
const READ_ACTIONS: ReadonlySet<FluentAction> = new Set(['check_license', 'get_license_version']);
const RETRY_DELAY_MS = 100;

class BodyTooLarge extends Error {}

function isTimeout(e: unknown): boolean {
  const err = e as { name?: string; cause?: { name?: string } } | undefined;
  return err?.name === 'TimeoutError' || err?.cause?.name === 'TimeoutError';
}

/**
 * The FluentCart licensing client: `GET {api_url}?fluent-cart={action}&...` with Node's fetch and
 * one deadline per call (AbortSignal.timeout). A read (check, version) whose connection fails
 * is tried once more within the same deadline; an answer, whatever its status, is never retried.
 * Parameters (license keys) never reach a log line.
 */
@Injectable()
export class FluentClient {
  private readonly logger = new Logger('FluentClient');

  async call(apiUrl: string, action: FluentAction, params: Record<string, string | number | undefined | null>, options: FluentCallOptions): Promise<FluentCallResult> {
    let url: URL;
    try {
      url = buildFluentUrl(apiUrl, action, params);
    } catch {
      return { kind: 'unreachable' };
    }
    const signal = AbortSignal.timeout(options.timeoutMs);
    let result = await this.attempt(url, signal);
    if (result.kind === 'unreachable' && READ_ACTIONS.has(action) && !signal.aborted) {
      await sleep(RETRY_DELAY_MS);
      if (!signal.aborted) result = await this.attempt(url, signal);
    }
    if (result.kind !== 'answer') {
      this.logger.warn({ upstream: url.host, action, outcome: result.kind, ...('reason' in result ? { reason: result.reason, httpStatus: result.httpStatus } : {}) }, 'Fluent upstream call failed');
    }
    return result;
  }

  private async attempt(url: URL, signal: AbortSignal): Promise<FluentCallResult> {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'GET',
        headers: { accept: 'application/json', 'user-agent': 'license-server-fluent-bridge/1.0' },
        redirect: 'follow',
        signal,
      });
    } catch (e) {
      return isTimeout(e) || signal.aborted ? { kind: 'timeout' } : { kind: 'unreachable' };
    }
    let text: string;
    try {
      text = await readBody(res);
    } catch (e) {
      if (isTimeout(e) || signal.aborted) return { kind: 'timeout' };
      return { kind: 'invalid_response', httpStatus: res.status, reason: e instanceof BodyTooLarge ? 'too_large' : 'truncated' };
    }
    if (res.status >= 500) return { kind: 'invalid_response', httpStatus: res.status, reason: 'server_error' };
    const body = parseFluentBody(text);
    if (!body) return { kind: 'invalid_response', httpStatus: res.status, reason: 'not_json' };
    return { kind: 'answer', httpStatus: res.status, body };
  }
}

async function readBody(res: Response): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    await res.body?.cancel().catch(() => undefined);
    throw new BodyTooLarge();
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
