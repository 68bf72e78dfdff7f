import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { OutboundHttp } from '../src/outbound/outbound-http';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * The destination guard of the running app (the OutboundHttp every outgoing call goes through),
 * against a real internal JSON service on 127.0.0.1.
 */
describe('outgoing HTTP destination guard', () => {
  let internal: Server;
  let port: number;
  let hits = 0;

  beforeAll(async () => {
    internal = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ internal_secret: 'do-not-leak' }));
    });
    await new Promise<void>((r) => internal.listen(0, '127.0.0.1', r));
    port = (internal.address() as AddressInfo).port;
  });
  afterAll(async () => {
    internal.closeAllConnections();
    await new Promise((r) => internal.close(r));
  });

  describe('by default (OUTBOUND_ALLOW_PRIVATE_NETWORKS unset)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => t.close());

    it.each([
      'http://127.0.0.1:PORT/',
      'http://localhost:PORT/',
      'http://0x7f000001:PORT/',
      'http://2130706433:PORT/',
      'http://0177.0.0.1:PORT/',
      'http://[::1]:PORT/',
      'http://[::ffff:127.0.0.1]:PORT/',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.8/',
      'http://100.64.0.1/',
    ])('refuses %s without connecting', async (template) => {
      const before = hits;
      const r = await t.app.get(OutboundHttp).send({ method: 'GET', url: template.replace('PORT', String(port)), timeoutMs: 2000 });
      expect(r.kind).toBe('refused');
      expect(hits).toBe(before);
    });

    it('refuses a DNS name that resolves to 127.0.0.1 (localhost), judged on the resolved address', async () => {
      const r = await t.app.get(OutboundHttp).send({ method: 'GET', url: `http://localhost:${port}/`, timeoutMs: 2000 });
      expect(r).toEqual({ kind: 'refused', reason: expect.stringMatching(/^localhost resolves to (127\.0\.0\.1|::1) \(loopback\)$/) });
    });

    it('refuses a name whose resolver (a custom lookup) answers 127.0.0.1, and logs the refusal with the host only', async () => {
      const client = new OutboundHttp(t.config, { resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
      const before = hits;
      const r = await client.send({ method: 'GET', url: `http://store.example.com:${port}/?fluent-cart=check_license&license_key=SECRET-KEY`, timeoutMs: 2000 });
      expect(r).toEqual({ kind: 'refused', reason: 'store.example.com resolves to 127.0.0.1 (loopback)' });
      expect(hits).toBe(before);
      const line = t.logs.find((l) => l.includes('outgoing call refused') && l.includes('store.example.com'));
      expect(line).toBeDefined();
      expect(t.logs.join('')).not.toContain('SECRET-KEY');
    });
  });

  describe('with OUTBOUND_ALLOW_PRIVATE_NETWORKS=true', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' } });
    });
    afterAll(async () => t.close());

    it.each(['http://127.0.0.1:PORT/', 'http://localhost:PORT/', 'http://0x7f000001:PORT/'])('reaches %s', async (template) => {
      const r = await t.app.get(OutboundHttp).send({ method: 'GET', url: template.replace('PORT', String(port)), timeoutMs: 2000 });
      expect(r).toMatchObject({ kind: 'answer', status: 200 });
    });
  });

  it('refuses to start on a bad OUTBOUND_ALLOW_PRIVATE_NETWORKS value', async () => {
    await expect(startTestApp({ env: { OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'maybe' } })).rejects.toThrow(/OUTBOUND_ALLOW_PRIVATE_NETWORKS must be true or false/);
  });
});
