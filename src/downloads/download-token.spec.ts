import { randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app.config';
import { CryptoService } from '../crypto/crypto.service';
import { DownloadClaims, signDownloadToken, verifyDownloadToken } from './download-token';

describe('download tokens', () => {
  const crypto = new CryptoService({ masterKey: randomBytes(32) } as unknown as AppConfig);
  const now = new Date('2025-01-15T10:00:00Z');
  const claims: DownloadClaims = { tenantId: 7, fileId: 42, licenseKey: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCD', expiresAt: now.getTime() / 1000 + 300 };

  it('round-trips the claims and does not carry the license key in clear', () => {
    const token = signDownloadToken(crypto, claims);
    expect(token).not.toContain(claims.licenseKey);
    expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(verifyDownloadToken(crypto, token, now)).toEqual({ ok: true, claims });
  });

  it('refuses an expired token', () => {
    const token = signDownloadToken(crypto, { ...claims, expiresAt: now.getTime() / 1000 - 1 });
    expect(verifyDownloadToken(crypto, token, now)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token whose tenant, file, expiry, sealed key or signature was changed', () => {
    const parts = signDownloadToken(crypto, claims).split('.');
    const tamper = (i: number, value: string) => parts.map((p, j) => (j === i ? value : p)).join('.');
    const flip = (s: string) => (s[0] === 'a' ? 'b' : 'a') + s.slice(1);
    for (const bad of [tamper(0, '8'), tamper(1, '43'), tamper(2, String(claims.expiresAt + 3600)), tamper(3, flip(parts[3])), tamper(4, flip(parts[4]))]) {
      expect(verifyDownloadToken(crypto, bad, now)).toEqual({ ok: false, reason: 'tampered' });
    }
  });

  it('refuses a token signed under another master key', () => {
    const other = new CryptoService({ masterKey: randomBytes(32) } as unknown as AppConfig);
    expect(verifyDownloadToken(crypto, signDownloadToken(other, claims), now).ok).toBe(false);
  });

  it('refuses malformed tokens', () => {
    for (const bad of ['', 'abc', '1.2.3.4.5', `../../etc/passwd`, 'x'.repeat(600)]) {
      expect(verifyDownloadToken(crypto, bad, now)).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});
