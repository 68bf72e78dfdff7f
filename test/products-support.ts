import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { TestApp, TestResponse, TestTenant } from './helpers/test-app';

/** Small helpers for the products and downloads e2e suites (not a suite itself). */

export const ZIP_HEAD = Buffer.from('PK\x03\x04', 'latin1');

/** Bytes that pass the .zip content check: the local-file-header signature, then random data. */
export function zipBytes(size: number): Buffer {
  return Buffer.concat([ZIP_HEAD, randomBytes(Math.max(0, size - ZIP_HEAD.length))]);
}

/** A multipart/form-data body with one file part, built by hand so the file name is sent exactly as given. */
export function multipart(fileName: string, content: Buffer, field = 'file', before: Array<[string, string]> = []) {
  const boundary = `----products-test-${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of before) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      'utf8',
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function vendor(t: TestApp, tenant: TestTenant) {
  const headers = { 'User-API-Key': tenant.apiKey };
  return {
    get: (path: string) => t.request(`/api/user/products${path}`, { headers }),
    post: (path: string, json?: unknown) => t.request(`/api/user/products${path}`, { method: 'POST', headers, json: json ?? {} }),
    patch: (path: string, json: unknown) => t.request(`/api/user/products${path}`, { method: 'PATCH', headers, json }),
    delete: (path: string) => t.request(`/api/user/products${path}`, { method: 'DELETE', headers }),
    upload: (path: string, fileName: string, content: Buffer, field = 'file'): Promise<TestResponse> => {
      const { body, contentType } = multipart(fileName, content, field);
      return t.request(`/api/user/products${path}`, { method: 'POST', headers: { ...headers, 'content-type': contentType }, body });
    },
  };
}

export interface Download {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * GETs a file with `Connection: close`. A keep-alive connection would still count as busy for
 * a moment after the client has read Content-Length bytes (the server ends the response a tick
 * later), and an app closed in that moment waits for the keep-alive timeout.
 */
export function download(url: string, headers: Record<string, string> = {}): Promise<Download> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { ...headers, connection: 'close' }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}
