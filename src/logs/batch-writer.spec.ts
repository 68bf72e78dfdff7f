import { jest } from '@jest/globals';
import { BatchWriter, BatchWriterLogger } from './batch-writer';

function recorder() {
  const lines: string[] = [];
  const logger: BatchWriterLogger = { warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
  return { lines, logger };
}

type Opts = Partial<{ batchSize: number; maxRetries: number; maxBuffered: number; retryDelayMs: number }>;

function writer(insert: (batch: number[]) => Promise<void>, opts: Opts = {}) {
  const { lines, logger } = recorder();
  const w = new BatchWriter<number>({ name: 'test log', insert, batchSize: 3, maxRetries: 3, maxBuffered: 1000, retryDelayMs: 0, logger, ...opts });
  return { w, lines };
}

describe('BatchWriter', () => {
  it('writes every pushed entry, in order, in batches no larger than the batch size', async () => {
    const batches: number[][] = [];
    const { w } = writer(async (b) => void batches.push([...b]), { batchSize: 4 });
    for (let i = 0; i < 10; i++) w.push(i);
    await w.flush();
    expect(batches.flat()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(4);
    expect(w.pending).toBe(0);
  });

  it('push returns before anything is written', () => {
    const insert = jest.fn(async (_b: number[]) => undefined);
    const { w } = writer(insert, { batchSize: 100 });
    w.push(1);
    expect(insert).not.toHaveBeenCalled();
    expect(w.pending).toBe(1);
  });

  it('starts writing by itself when a batch is full', async () => {
    const written: number[] = [];
    const { w } = writer(async (b) => void written.push(...b), { batchSize: 3 });
    w.push(1);
    w.push(2);
    w.push(3);
    await w.flush(); // waits for the drain the third push started
    expect(written).toEqual([1, 2, 3]);
  });

  it('keeps a failed batch and writes it on the next flush', async () => {
    let failures = 1;
    const written: number[] = [];
    const { w, lines } = writer(async (b) => {
      if (failures-- > 0) throw new Error('database is locked');
      written.push(...b);
    });
    w.push(1);
    w.push(2);
    expect(await w.flush()).toBe(false);
    expect(w.pending).toBe(2);
    expect(lines.some((l) => l.startsWith('warn') && l.includes('database is locked'))).toBe(true);
    expect(await w.flush()).toBe(true);
    expect(written).toEqual([1, 2]);
  });

  it('backs off after a failure: a flush before the retry delay does not try again, a forced one does', async () => {
    let failures = 1;
    const insert = jest.fn(async (_b: number[]): Promise<void> => {
      if (failures-- > 0) throw new Error('gone away');
    });
    const { w } = writer(insert, { retryDelayMs: 3_600_000 });
    w.push(1);
    expect(await w.flush()).toBe(false);
    expect(await w.flush()).toBe(false);
    expect(insert).toHaveBeenCalledTimes(1);
    expect(await w.flush(true)).toBe(true);
    expect(insert).toHaveBeenCalledTimes(2);
    expect(w.pending).toBe(0);
  });

  it('after the last retry writes row by row and drops only the rows that fail, with an error', async () => {
    const written: number[] = [];
    const { w, lines } = writer(async (b) => {
      if (b.includes(13)) throw new Error('constraint failed');
      written.push(...b);
    }, { batchSize: 3, maxRetries: 2 });
    for (const n of [11, 12, 13, 14]) w.push(n);
    await w.close(0);
    expect(written.sort()).toEqual([11, 12, 14]);
    expect(w.pending).toBe(0);
    expect(lines.filter((l) => l.startsWith('error'))).toEqual([expect.stringContaining('dropped 1 of 3 entries')]);
  });

  it('close gives up after bounded attempts when the database stays down, and says how many were lost', async () => {
    const insert = jest.fn(async (_b: number[]): Promise<void> => {
      throw new Error('connection refused');
    });
    const { w, lines } = writer(insert, { batchSize: 50, maxRetries: 3 });
    for (let i = 0; i < 40; i++) w.push(i);
    await w.close(0);
    expect(w.pending).toBe(0);
    // 3 batch attempts, then at most 10 single rows before giving the rest up
    expect(insert.mock.calls.length).toBeLessThanOrEqual(3 + 10);
    expect(lines.some((l) => l.startsWith('error') && l.includes('dropped 40 of 40'))).toBe(true);
  });

  it('drops the oldest entries beyond the buffer limit and reports it', async () => {
    const written: number[] = [];
    const { w, lines } = writer(async (b) => void written.push(...b), { batchSize: 10, maxBuffered: 5 });
    for (let i = 0; i < 8; i++) w.push(i);
    await w.flush();
    expect(written).toEqual([3, 4, 5, 6, 7]);
    expect(lines.some((l) => l.startsWith('error') && l.includes('buffer full'))).toBe(true);
  });

  it('concurrent flushes write each entry once', async () => {
    const written: number[] = [];
    const { w } = writer(async (b) => {
      await new Promise((r) => setTimeout(r, 1));
      written.push(...b);
    });
    for (let i = 0; i < 20; i++) w.push(i);
    await Promise.all([w.flush(), w.flush(), w.flush()]);
    expect(written).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('counts a batch being written as pending until it is written', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { w } = writer(async () => gate, { batchSize: 100 });
    w.push(1);
    const done = w.flush();
    expect(w.pending).toBe(1);
    release();
    await done;
    expect(w.pending).toBe(0);
  });
});
