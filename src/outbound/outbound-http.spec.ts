import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { AppConfig } from '../config/app.config';
import { HostResolver, OutboundGuardOverrides, OutboundHttp } from './outbound-http';

const config = (allowPrivateNetworks: boolean) => ({ outbound: { allowPrivateNetworks } }) as unknown as AppConfig;

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A real HTTP peer on 127.0.0.1. */
async function peer(handler: Handler): Promise<{ url: string; port: number; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push(`${req.method} ${req.url}`);
      handler(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

const json = (res: ServerResponse, status: number, value: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
};

describe('OutboundHttp', () => {
  let p: Awaited<ReturnType<typeof peer>>;
  afterEach(async () => p?.close());

  describe('with the guard on (the default)', () => {
    const client = new OutboundHttp(config(false));

    it.each(['http://127.0.0.1:PORT/', 'http://localhost:PORT/', 'http://0x7f000001:PORT/', 'http://2130706433:PORT/', 'http://0177.0.0.1:PORT/', 'http://[::1]:PORT/', 'http://[::ffff:127.0.0.1]:PORT/'])(
      'refuses %s and never reaches the peer',
      async (template) => {
        p = await peer((_req, res) => json(res, 200, { secret: 'internal' }));
        const r = await client.send({ method: 'GET', url: template.replace('PORT', String(p.port)), timeoutMs: 2000 });
        expect(r.kind).toBe('refused');
        expect(p.hits).toEqual([]);
      },
    );

    it.each(['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'http://100.64.0.1/', 'http://[fd00::1]/', 'http://[fe80::1]/', 'http://0.0.0.0/', 'http://224.0.0.1/'])(
      'refuses %s before any connection',
      async (url) => {
        const r = await client.send({ method: 'GET', url, timeoutMs: 2000 });
        expect(r).toEqual({ kind: 'refused', reason: expect.stringMatching(/address$/) });
      },
    );

    it.each(['ftp://example.com/', 'file:///etc/passwd', 'not a url', 'http://'])('refuses %j (scheme or URL)', async (url) => {
      expect((await client.send({ method: 'GET', url, timeoutMs: 500 })).kind).toBe('refused');
    });

    it('refuses a name when ANY of its resolved addresses is refused (checked in the connect-time lookup)', async () => {
      p = await peer((_req, res) => json(res, 200, {}));
      const resolve: HostResolver = async () => [
        { address: '93.184.216.34', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ];
      const guarded = new OutboundHttp(config(false), { resolve });
      const r = await guarded.send({ method: 'GET', url: `http://mixed.test:${p.port}/`, timeoutMs: 2000 });
      expect(r).toEqual({ kind: 'refused', reason: 'mixed.test resolves to 127.0.0.1 (loopback)' });
      expect(p.hits).toEqual([]);
    });
  });

  describe('guard mechanics (a policy that allows 127.0.0.1 and refuses 127.0.0.2)', () => {
    const refusedRange = (a: string) => (a === '127.0.0.1' ? null : 'test-refused');

    it('re-checks every redirect hop: a redirect to a refused address is refused', async () => {
      p = await peer((req, res) => {
        res.writeHead(302, { location: `http://127.0.0.2:${(req.socket.address() as AddressInfo).port}/inside` });
        res.end();
      });
      const client = new OutboundHttp(config(false), { refusedRange });
      const r = await client.send({ method: 'GET', url: `${p.url}/start`, timeoutMs: 2000, maxRedirects: 3 });
      expect(r).toEqual({ kind: 'refused', reason: '127.0.0.2 is a test-refused address' });
      expect(p.hits).toEqual(['GET /start']);
    });

    it('checks the resolved address at connect time, on every connection (DNS rebinding cannot pass)', async () => {
      // the name answers an allowed address first, then rebinds to a refused one
      const answers = ['127.0.0.1', '127.0.0.2'];
      const overrides: OutboundGuardOverrides = { refusedRange, resolve: async () => [{ address: answers.shift() ?? '127.0.0.2', family: 4 }] };
      p = await peer((req, res) => {
        if (req.url === '/first') {
          res.writeHead(307, { location: '/second' });
          res.end();
        } else json(res, 200, { reached: req.url });
      });
      const client = new OutboundHttp(config(false), overrides);
      const r = await client.send({ method: 'GET', url: `http://rebind.test:${p.port}/first`, timeoutMs: 2000, maxRedirects: 3 });
      expect(r).toEqual({ kind: 'refused', reason: 'rebind.test resolves to 127.0.0.2 (test-refused)' });
      expect(p.hits).toEqual(['GET /first']);
    });
  });

  describe('with OUTBOUND_ALLOW_PRIVATE_NETWORKS=true', () => {
    const client = new OutboundHttp(config(true));

    it('answers status, lower-cased headers and body; POST sends its body', async () => {
      p = await peer((req, res, body) => json(res, 201, { method: req.method, body, type: req.headers['content-type'] }));
      const r = await client.send({ method: 'POST', url: `${p.url}/hook`, headers: { 'Content-Type': 'application/json' }, body: '{"a":1}', timeoutMs: 2000 });
      expect(r).toMatchObject({ kind: 'answer', status: 201, headers: { 'content-type': 'application/json' } });
      expect(JSON.parse((r as { body: string }).body)).toEqual({ method: 'POST', body: '{"a":1}', type: 'application/json' });
    });

    it('reaches localhost by name', async () => {
      p = await peer((_req, res) => json(res, 200, { ok: true }));
      const r = await client.send({ method: 'GET', url: `http://localhost:${p.port}/`, timeoutMs: 2000 });
      expect(r).toMatchObject({ kind: 'answer', status: 200 });
    });

    it('answers a 3xx as is by default (no redirect followed)', async () => {
      p = await peer((_req, res) => {
        res.writeHead(302, { location: '/elsewhere' });
        res.end('moved');
      });
      const r = await client.send({ method: 'GET', url: p.url, timeoutMs: 2000 });
      expect(r).toMatchObject({ kind: 'answer', status: 302, headers: { location: '/elsewhere' }, body: 'moved' });
      expect(p.hits).toEqual(['GET /']);
    });

    it('follows at most maxRedirects hops, then answers the 3xx', async () => {
      p = await peer((req, res) => {
        const n = Number(req.url!.slice(1));
        res.writeHead(302, { location: `/${n + 1}` });
        res.end();
      });
      const r = await client.send({ method: 'GET', url: `${p.url}/0`, timeoutMs: 2000, maxRedirects: 2 });
      expect(r).toMatchObject({ kind: 'answer', status: 302, headers: { location: '/3' } });
      expect(p.hits).toEqual(['GET /0', 'GET /1', 'GET /2']);
    });

    it('turns a POST into a GET without body on 303, and drops Authorization when the origin changes', async () => {
      const target = await peer((req, res, body) => json(res, 200, { method: req.method, body, auth: req.headers.authorization ?? null }));
      try {
        p = await peer((_req, res) => {
          res.writeHead(303, { location: `http://localhost:${target.port}/done` });
          res.end();
        });
        const r = await client.send({ method: 'POST', url: p.url, headers: { Authorization: 'Bearer x' }, body: 'payload', timeoutMs: 2000, maxRedirects: 1 });
        expect(r.kind).toBe('answer');
        expect(JSON.parse((r as { body: string }).body)).toEqual({ method: 'GET', body: '', auth: null });
      } finally {
        await target.close();
      }
    });

    it('times out (one deadline for the call) and reports the time taken', async () => {
      p = await peer(() => undefined); // never answers
      const r = await client.send({ method: 'GET', url: p.url, timeoutMs: 150 });
      expect(r.kind).toBe('timeout');
      expect((r as { ms: number }).ms).toBeGreaterThanOrEqual(140);
    });

    it('answers too_large for a declared or a streamed body over maxBodyBytes', async () => {
      p = await peer((req, res) => {
        if (req.url === '/declared') {
          res.writeHead(200, { 'content-length': '5000' });
          res.end('x'.repeat(5000));
        } else {
          res.writeHead(200);
          res.write('x'.repeat(3000));
          res.end('x'.repeat(3000));
        }
      });
      expect(await client.send({ method: 'GET', url: `${p.url}/declared`, timeoutMs: 2000, maxBodyBytes: 1000 })).toMatchObject({ kind: 'too_large', status: 200 });
      expect(await client.send({ method: 'GET', url: `${p.url}/streamed`, timeoutMs: 2000, maxBodyBytes: 1000 })).toMatchObject({ kind: 'too_large', status: 200 });
    });

    it('answers unreachable for a closed port and for a body cut off half-way', async () => {
      p = await peer((_req, res) => {
        res.writeHead(200, { 'content-length': '100' });
        res.write('{"half":');
        setTimeout(() => res.socket!.destroy(), 50);
      });
      expect(await client.send({ method: 'GET', url: p.url, timeoutMs: 2000 })).toMatchObject({ kind: 'unreachable', reason: 'response_truncated' });
      const closed = await peer(() => undefined);
      const port = closed.port;
      await closed.close();
      expect(await client.send({ method: 'GET', url: `http://127.0.0.1:${port}/`, timeoutMs: 2000 })).toMatchObject({ kind: 'unreachable', reason: 'ECONNREFUSED' });
    });

    it('answers unreachable for a name that does not resolve', async () => {
      const r = await client.send({ method: 'GET', url: 'http://no-such-host.invalid/', timeoutMs: 5000 });
      expect(r).toMatchObject({ kind: 'unreachable' });
    });
  });
});
