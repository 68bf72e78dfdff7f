import { jest } from '@jest/globals';
import { FailureCounter } from './failed-attempts.listener';
import type { SecurityRedis } from './redis-connection';

/** A SecurityRedis whose command connection is in `status` (or fails every command). */
function redisIn(status: string, failing = false) {
  const unavailable = jest.fn();
  const client = {
    status,
    defineCommand: jest.fn(),
    licenseServerCountFailure: jest.fn(async () => {
      if (failing) throw new Error('Command timed out');
      return 1;
    }),
    del: jest.fn(async () => {
      if (failing) throw new Error('Command timed out');
      return 1;
    }),
  };
  return { redis: { client, unavailable } as unknown as SecurityRedis, unavailable };
}

describe('FailureCounter without a usable Redis', () => {
  it('counts in memory and reports the outage as the rate limiter does, when the connection is not ready', async () => {
    const { redis, unavailable } = redisIn('reconnecting');
    const counter = new FailureCounter(redis);
    expect(await counter.increment('k', 60_000)).toBe(1);
    expect(await counter.increment('k', 60_000)).toBe(2);
    await counter.reset('k');
    expect(await counter.increment('k', 60_000)).toBe(1);
    expect(unavailable).toHaveBeenCalledWith(expect.objectContaining({ message: 'Redis connection is reconnecting' }));
  });

  it('counts in memory and reports a failing command (increment and reset)', async () => {
    const { redis, unavailable } = redisIn('ready', true);
    const counter = new FailureCounter(redis);
    expect(await counter.increment('k', 60_000)).toBe(1);
    await counter.reset('k');
    expect(unavailable).toHaveBeenCalledTimes(2);
    expect(unavailable.mock.calls.every(([err]) => (err as Error).message === 'Command timed out')).toBe(true);
  });
});
