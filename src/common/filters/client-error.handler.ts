import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { transportErrorBody } from '../presenters/transport-error.presenter';
import { MESSAGES } from '../result-codes';

/** What Node hands the `clientError` handler: parse errors carry the bytes read and where parsing stopped. */
export type HttpClientError = Error & { code?: string; rawPacket?: Buffer; bytesParsed?: number };

type HttpSocket = Socket & {
  parser?: { incoming?: { url?: string } | null } | null;
  _httpMessage?: { headersSent?: boolean; req?: { url?: string } } | null;
};

/** The start of a request line: a method token, one space, a target in origin form, absolute form or `*`. */
const REQUEST_LINE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+ (\/[^ ]*|[A-Za-z][A-Za-z0-9+.-]*:\/\/[^ ]*|\*)(?: |$)/;

/** The path of a request target (`/a/b?c`, `http://host/a/b`); null for `*` or a target that is no URL. */
export function pathOfTarget(target: string): string | null {
  if (target.startsWith('/')) return target.split(/[?#]/, 1)[0];
  if (target === '*') return null;
  try {
    return new URL(target).pathname;
  } catch {
    return null;
  }
}

export interface RequestLine {
  /** the path of the request the error belongs to; null when its request line is not in the bytes */
  path: string | null;
  /** parsing stopped inside that request line (a URI too long for the header limit) */
  errorInRequestLine: boolean;
}

/**
 * Finds, in the raw bytes of a parse error, the request line of the failing request: the last line
 * that starts like one, at or before the line where parsing stopped (header lines have a colon in
 * their first word, so they never match; an earlier request pipelined in the same packet is passed
 * over). Only what the error path needs: this runs for broken requests, never on the hot path.
 */
export function requestLineOf(raw: Buffer | undefined, bytesParsed?: number): RequestLine {
  if (!raw || raw.length === 0) return { path: null, errorInRequestLine: false };
  const offset = Math.min(Math.max(bytesParsed ?? raw.length, 0), raw.length);
  const lineEnd = raw.indexOf(0x0a, offset);
  const lines = raw.toString('latin1', 0, lineEnd === -1 ? raw.length : lineEnd).split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = REQUEST_LINE.exec(lines[i].replace(/\r$/, ''));
    if (match) return { path: pathOfTarget(match[1]), errorInRequestLine: i === lines.length - 1 };
  }
  return { path: null, errorInRequestLine: false };
}

export interface ClientErrorAnswer {
  status: number;
  message: string;
  /** whose contract shapes the body; null: neutral */
  path: string | null;
}

/**
 * Status, message and path of the answer to an error Node raises before a request reaches Fastify
 * (so before any route): unparseable HTTP 400, a URI or headers over the header limit 414 / 431,
 * a request not complete in time 408.
 */
export function clientErrorAnswer(err: HttpClientError, socket: HttpSocket): ClientErrorAnswer {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    // With the headers in, the request being read has its URL. Before that the request line sits
    // inside Node's parser, out of reach without taking every connection off its fast path: neutral.
    const url = socket.parser?.incoming?.url ?? socket._httpMessage?.req?.url;
    return { status: 408, message: MESSAGES.TIMEOUT, path: url ? pathOfTarget(url) : null };
  }
  const line = requestLineOf(err.rawPacket, err.bytesParsed);
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    return line.errorInRequestLine
      ? { status: 414, message: MESSAGES.URI_TOO_LONG, path: line.path }
      : { status: 431, message: MESSAGES.HEADERS_TOO_LARGE, path: line.path };
  }
  return { status: 400, message: MESSAGES.MALFORMED_REQUEST, path: line.path };
}

/**
 * Node's `clientError` handler: answers in the shape of the contract whose path it was (or the
 * neutral shape), `error_code` 400 in MERAF like the other transport-level errors (413, 415: see
 * renderError), then closes the connection.
 */
export function clientErrorHandler(err: HttpClientError, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const pending = (socket as HttpSocket)._httpMessage;
  if (!socket.writable || pending?.headersSent) {
    socket.destroy();
    return;
  }
  const { status, message, path } = clientErrorAnswer(err, socket as HttpSocket);
  const body = JSON.stringify(transportErrorBody(path, status, message));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}
