import { MemoryRateLimitStore } from './rate-limit.storage';

describe('MemoryRateLimitStore (sliding window)', () => {
  it('lets `limit` requests through in the window and refuses the next, with the wait until a slot frees', () => {
    const store = new MemoryRateLimitStore();
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) {
      const r = store.increment('k', 60_000, 3, t0 + i * 1000);
      expect(r).toMatchObject({ totalHits: i + 1, isBlocked: false, timeToBlockExpire: 0 });
    }
    const refused = store.increment('k', 60_000, 3, t0 + 10_000);
    expect(refused.isBlocked).toBe(true);
    expect(refused.totalHits).toBe(4);
    expect(refused.timeToBlockExpire).toBe(50); // the first hit leaves the window at t0 + 60 s
  });

  it('does not count refused requests, and frees a slot when the oldest hit leaves the window', () => {
    const store = new MemoryRateLimitStore();
    const t0 = 5_000_000;
    store.increment('k', 60_000, 2, t0);
    store.increment('k', 60_000, 2, t0 + 30_000);
    for (let i = 0; i < 5; i++) expect(store.increment('k', 60_000, 2, t0 + 40_000 + i).isBlocked).toBe(true);
    expect(store.increment('k', 60_000, 2, t0 + 60_000).isBlocked).toBe(false);
    expect(store.increment('k', 60_000, 2, t0 + 60_001).isBlocked).toBe(true);
    expect(store.increment('k', 60_000, 2, t0 + 90_000).isBlocked).toBe(false);
  });

  it('keeps keys apart', () => {
    const store = new MemoryRateLimitStore();
    expect(store.increment('a', 60_000, 1, 0).isBlocked).toBe(false);
    expect(store.increment('a', 60_000, 1, 1).isBlocked).toBe(true);
    expect(store.increment('b', 60_000, 1, 2).isBlocked).toBe(false);
  });

  it('sweeps keys whose hits have all left the window', () => {
    const store = new MemoryRateLimitStore();
    store.increment('old', 60_000, 5, 0);
    store.increment('new', 60_000, 5, 100_000);
    store.sweep(100_001, 60_000);
    expect(store.increment('old', 60_000, 1, 100_002).totalHits).toBe(1);
    expect(store.increment('new', 60_000, 5, 100_003).totalHits).toBe(2);
  });
});
