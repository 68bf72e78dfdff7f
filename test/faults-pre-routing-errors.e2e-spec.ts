import { connect } from 'node:net';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * Issue 9.5: answers the server gives before or outside routing (400 unparseable HTTP, 408, 413,
 * 414, 431) have the shape of the contract whose path it was, or a neutral shape when no path can
 * be read. Raw TCP to a real server on 127.0.0.1, so nothing in between rewrites the bytes.
 */
interface RawAnswer {
  status: number;
  head: string;
  body: unknown;
}

/** Writes raw bytes (then idles when told, for the timeouts) and reads until the server closes. */
function raw(port: number, bytes: string, opts: { thenIdle?: boolean } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => (data += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const at = data.indexOf('\r\n\r\n');
      const head = data.slice(0, at);
      const text = data.slice(at + 4);
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body });
    });
    socket.on('connect', () => {
      socket.write(bytes, 'latin1');
      if (!opts.thenIdle) socket.end();
    });
  });
}

const MERAF = '/api/license/validate/some-secret/SOMEKEY';
const BRIDGE = '/api/v1/license/check';
const APPZA = '/api/appza/v1/license/check';

const meraf = (message: string) => ({ result: 'error', message, error_code: 400 });
const v1 = (status: number, message: string) => ({ status, message });
const neutral = (status: number, message: string) => ({ result: 'error', status, message });

describe('faults: error shape before routing (issue 9.5)', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp({ env: { BODY_LIMIT_BYTES: '4096', REQUEST_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '1000', RATE_LIMIT_ENABLED: 'false', IP_BLOCK_ENABLED: 'false' } });
    port = Number(new URL(t.baseUrl).port);
  });
  afterAll(async () => t.close());

  describe('400: HTTP that does not parse', () => {
    const badHeader = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\nThis Is Not A Header\r\n\r\n`;

    it('answers a bad header line in the contract of the request line', async () => {
      expect(await raw(port, badHeader(MERAF))).toMatchObject({ status: 400, body: meraf('Malformed request.') });
      expect(await raw(port, badHeader(BRIDGE))).toMatchObject({ status: 400, body: v1(400, 'Malformed request.') });
      expect(await raw(port, badHeader(`${APPZA}?site_url=x`))).toMatchObject({ status: 400, body: v1(400, 'Malformed request.') });
    });

    it('answers a bad HTTP version in the contract of the path before it', async () => {
      expect(await raw(port, `POST ${BRIDGE} HTTP/7.3\r\nHost: x\r\n\r\n`)).toMatchObject({ status: 400, body: v1(400, 'Malformed request.') });
      expect(await raw(port, `POST ${MERAF} HTTP/7.3\r\nHost: x\r\n\r\n`)).toMatchObject({ status: 400, body: meraf('Malformed request.') });
    });

    it('answers bytes with no request line in the neutral shape', async () => {
      expect(await raw(port, '\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03garbage\r\n\r\n')).toMatchObject({ status: 400, body: neutral(400, 'Malformed request.') });
      expect(await raw(port, `G@T ${BRIDGE} HTTP/1.1\r\nHost: x\r\n\r\n`)).toMatchObject({ status: 400, body: neutral(400, 'Malformed request.') });
    });

    it('answers a broken chunked body in the contract of its path', async () => {
      const chunked = (path: string) => `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n`;
      expect(await raw(port, chunked(BRIDGE))).toMatchObject({ status: 400, body: v1(400, 'Malformed request.') });
      expect(await raw(port, chunked(MERAF))).toMatchObject({ status: 400, body: meraf('Malformed request.') });
    });
  });

  describe('408: a request not complete in time (REQUEST_TIMEOUT_MS=1000)', () => {
    const slowBody = (path: string) => `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 80\r\n\r\n{"license_key":`;

    it('answers a body that stops arriving in the contract of its path', async () => {
      expect(await raw(port, slowBody(BRIDGE), { thenIdle: true })).toMatchObject({ status: 408, body: v1(408, 'Request timed out.') });
      expect(await raw(port, slowBody(MERAF), { thenIdle: true })).toMatchObject({ status: 408, body: meraf('Request timed out.') });
    });

    it('answers headers that never finish in the neutral shape (the request line is still inside the HTTP parser)', async () => {
      for (const path of [BRIDGE, MERAF]) {
        expect(await raw(port, `GET ${path} HTTP/1.1\r\nHost: x\r\nX-Slow: `, { thenIdle: true })).toMatchObject({ status: 408, body: neutral(408, 'Request timed out.') });
      }
      expect(await raw(port, 'GET /api/v1/lic', { thenIdle: true })).toMatchObject({ status: 408, body: neutral(408, 'Request timed out.') });
    });
  });

  describe('413: a body over BODY_LIMIT_BYTES (4096)', () => {
    const big = (path: string, headers = '') =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n${headers}Connection: close\r\n\r\n{"license_key":"${'k'.repeat(4980)}"}`;

    it('answers in the contract of its path, declared length or streamed', async () => {
      expect(await raw(port, big(BRIDGE))).toMatchObject({ status: 413, body: v1(413, 'Request body is too large.') });
      expect(await raw(port, big(MERAF))).toMatchObject({ status: 413, body: meraf('Request body is too large.') });
      const chunk = 'a'.repeat(1000);
      const chunks = Array.from({ length: 6 }, () => `3e8\r\n${chunk}\r\n`).join('');
      const streamed = await raw(port, `POST ${APPZA.replace('check', 'activate')} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunks}0\r\n\r\n`);
      expect(streamed).toMatchObject({ status: 413, body: v1(413, 'Request body is too large.') });
    });
  });

  describe('414 and 431: over the 16 KiB header limit', () => {
    const longUri = (path: string) => `GET ${path}?site_url=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`;
    const bigHeaders = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`;

    it('answers a URI too long with 414 in the contract of its path', async () => {
      expect(await raw(port, longUri(BRIDGE))).toMatchObject({ status: 414, body: v1(414, 'Request URI is too long.') });
      expect(await raw(port, longUri(APPZA))).toMatchObject({ status: 414, body: v1(414, 'Request URI is too long.') });
      expect(await raw(port, longUri(MERAF))).toMatchObject({ status: 414, body: meraf('Request URI is too long.') });
    });

    it('answers headers too large with 431 in the contract of the path', async () => {
      expect(await raw(port, bigHeaders(BRIDGE))).toMatchObject({ status: 431, body: v1(431, 'Request headers are too large.') });
      expect(await raw(port, bigHeaders(APPZA))).toMatchObject({ status: 431, body: v1(431, 'Request headers are too large.') });
      expect(await raw(port, bigHeaders(MERAF))).toMatchObject({ status: 431, body: meraf('Request headers are too large.') });
    });

    it('answers in the neutral shape when the target is no path', async () => {
      // a long target that is no path at all is refused by the parser before the limit: 400
      expect(await raw(port, `GET ${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`)).toMatchObject({ status: 400, body: neutral(400, 'Malformed request.') });
      expect(await raw(port, `OPTIONS * HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).toMatchObject({ status: 431, body: neutral(431, 'Request headers are too large.') });
    });
  });

  it('every such answer is JSON, closes the connection and says no-store', async () => {
    const res = await raw(port, `GET ${BRIDGE} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(res.head).toMatch(/\r\ncontent-type: application\/json; charset=utf-8\r\n/i);
    expect(res.head).toMatch(/\r\nconnection: close(\r\n|$)/i);
    expect(res.head).toMatch(/\r\ncache-control: no-store(\r\n|$)/i);
  });
});
