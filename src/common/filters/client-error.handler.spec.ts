import type { Socket } from 'node:net';
import { clientErrorAnswer, HttpClientError, pathOfTarget, requestLineOf } from './client-error.handler';

const buf = (s: string) => Buffer.from(s, 'latin1');
const parseError = (code: string, raw: string, bytesParsed?: number): HttpClientError =>
  Object.assign(new Error(code), { code, rawPacket: buf(raw), bytesParsed: bytesParsed ?? raw.length });
const socket = (over: Record<string, unknown> = {}) => ({ ...over }) as unknown as Socket;

describe('requestLineOf', () => {
  it('reads the path of the request line before the line where parsing stopped', () => {
    const raw = 'GET /api/v1/license/check?x=1 HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n';
    expect(requestLineOf(buf(raw), raw.indexOf('Bad'))).toEqual({ path: '/api/v1/license/check', errorInRequestLine: false });
  });

  it('takes the failing request, not an earlier one pipelined in the same packet', () => {
    const raw = 'GET /health HTTP/1.1\r\nHost: x\r\n\r\nPOST /api/appza/v1/license/activate HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n';
    expect(requestLineOf(buf(raw), raw.lastIndexOf('Bad')).path).toBe('/api/appza/v1/license/activate');
    expect(requestLineOf(buf(raw), raw.indexOf('Host')).path).toBe('/health');
  });

  it('knows when parsing stopped inside the request line (a URI over the header limit)', () => {
    const raw = `GET /api/v1/license/check?x=${'a'.repeat(100)}`;
    expect(requestLineOf(buf(raw), 60)).toEqual({ path: '/api/v1/license/check', errorInRequestLine: true });
  });

  it('finds no path in bytes without a request line: garbage, `*`, a packet of headers only, nothing', () => {
    for (const raw of ['\x16\x03\x01\x02\x00garbage\r\n\r\n', 'OPTIONS * HTTP/1.1\r\nBad\r\n', 'X-Big: aaaa\r\nX-More: b', 'GET  HTTP/1.1\r\n']) {
      expect({ raw, path: requestLineOf(buf(raw)).path }).toEqual({ raw, path: null });
    }
    expect(requestLineOf(undefined)).toEqual({ path: null, errorInRequestLine: false });
    expect(requestLineOf(Buffer.alloc(0))).toEqual({ path: null, errorInRequestLine: false });
  });

  it('reads the path of an absolute-form target', () => {
    expect(requestLineOf(buf('GET http://licenses.example.com/api/v1/license/check HTTP/1.1\r\nBad\r\n')).path).toBe('/api/v1/license/check');
    expect(pathOfTarget('http://[bad')).toBeNull();
  });
});

describe('clientErrorAnswer', () => {
  it('answers 400 for unparseable HTTP, with the path when the request line is readable', () => {
    expect(clientErrorAnswer(parseError('HPE_INVALID_HEADER_TOKEN', 'GET /api/v1/x HTTP/1.1\r\nBad Header\r\n', 25), socket())).toEqual({
      status: 400,
      message: 'Malformed request.',
      path: '/api/v1/x',
    });
    expect(clientErrorAnswer(parseError('HPE_INVALID_METHOD', '\x01\x02\x03', 0), socket()).path).toBeNull();
  });

  it('tells a URI too long (414) from headers too large (431)', () => {
    const uri = `GET /api/v1/license/check?${'a'.repeat(200)} HTTP/1.1\r\nHost: x\r\n`;
    expect(clientErrorAnswer(parseError('HPE_HEADER_OVERFLOW', uri, uri.indexOf(' HTTP')), socket())).toMatchObject({ status: 414, path: '/api/v1/license/check' });
    const headers = `GET /api/license/generate HTTP/1.1\r\nX-Big: ${'a'.repeat(200)}\r\n`;
    expect(clientErrorAnswer(parseError('HPE_HEADER_OVERFLOW', headers, headers.length - 2), socket())).toMatchObject({ status: 431, path: '/api/license/generate' });
    expect(clientErrorAnswer(parseError('HPE_HEADER_OVERFLOW', `X-Big: ${'a'.repeat(200)}`), socket())).toMatchObject({ status: 431, path: null });
  });

  it('answers 408 with the URL of the request being read, or no path while its headers are incomplete', () => {
    const timeout = Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' });
    expect(clientErrorAnswer(timeout, socket({ parser: { incoming: { url: '/api/v1/license/check?a=1' } } }))).toEqual({ status: 408, message: 'Request timed out.', path: '/api/v1/license/check' });
    expect(clientErrorAnswer(timeout, socket({ parser: { incoming: null } })).path).toBeNull();
    expect(clientErrorAnswer(timeout, socket()).path).toBeNull();
  });
});
