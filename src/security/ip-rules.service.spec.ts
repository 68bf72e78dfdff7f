import { jest } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app.config';
import type { CryptoService } from '../crypto/crypto.service';
import { IpRulesService } from './ip-rules.service';
import type { SecurityRedis } from './redis-connection';

const failed = (code: string) => new QueryFailedError('INSERT', [], Object.assign(new Error(code), { code }));

function service(insertError: Error) {
  const repo = {
    findOne: jest.fn(async () => null),
    insert: jest.fn(async () => {
      throw insertError;
    }),
    update: jest.fn(async (_where: unknown, _changes: unknown) => ({ affected: 1 })),
    find: jest.fn(async () => []),
  };
  const ds = { getRepository: () => repo } as unknown as DataSource;
  const config = { security: { ipAllowlist: [], ipBlock: { durationHours: 1 }, ipRulesRefreshSeconds: 30 } } as unknown as AppConfig;
  const crypto = { derive: () => Buffer.alloc(32, 1) } as unknown as CryptoService;
  const redis = { client: undefined, key: (...parts: string[]) => parts.join(':') } as unknown as SecurityRedis;
  return { rules: new IpRulesService(ds, config, crypto, redis), repo };
}

describe('IpRulesService.block', () => {
  it('turns only a unique violation (the other instance blocked first) into the update of its row', async () => {
    for (const code of ['ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE']) {
      const { rules, repo } = service(failed(code));
      await rules.block('203.0.113.7', 'test');
      expect(repo.update).toHaveBeenCalledTimes(1);
      expect(repo.update.mock.calls[0]).toEqual([{ ipHash: expect.any(String) }, expect.objectContaining({ cidr: '203.0.113.7', type: 'deny', source: 'automatic' })]);
    }
  });

  it('lets any other failure through, an outage included, without writing anything else', async () => {
    for (const code of ['PROTOCOL_CONNECTION_LOST', 'ER_NO_SUCH_TABLE', 'SQLITE_CONSTRAINT_NOTNULL']) {
      const { rules, repo } = service(failed(code));
      await expect(rules.block('203.0.113.7', 'test')).rejects.toBeInstanceOf(QueryFailedError);
      expect(repo.update).not.toHaveBeenCalled();
    }
  });

  it('stores an IPv6 client as its /64', async () => {
    const { rules, repo } = service(failed('ER_DUP_ENTRY'));
    await rules.block('2001:db8:1:2:3:4:5:6', 'test');
    expect(repo.update.mock.calls[0][1]).toMatchObject({ cidr: '2001:db8:1:2::/64' });
  });
});
