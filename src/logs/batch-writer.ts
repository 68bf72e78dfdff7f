/** Consecutive single-row failures after which the rest of a failed batch is given up. */
const SALVAGE_GIVE_UP_AFTER = 10;

/** Where a BatchWriter reports trouble (Nest's Logger fits). */
export interface BatchWriterLogger {
  warn(message: string): void;
  error(message: string): void;
}

export interface BatchWriterOptions<T> {
  /** used in log messages, e.g. "activity log" */
  name: string;
  /** writes the rows of one batch (one multi-row INSERT); throws when nothing was written */
  insert: (batch: T[]) => Promise<void>;
  /** a buffer this long is written at once; no insert carries more */
  batchSize: number;
  /** failed attempts of one batch before its rows are tried one at a time */
  maxRetries: number;
  /** after the n-th failure of a batch, flushes wait retryDelayMs * 2^(n-1) before trying it again (close does not wait) */
  retryDelayMs: number;
  /** pending entries kept at most; beyond it the oldest are dropped (and reported) */
  maxBuffered: number;
  logger: BatchWriterLogger;
}

/**
 * An in-memory write buffer: `push` returns at once, entries are inserted in batches by
 * `flush` (called on a timer, when a batch is full, before reads and at shutdown).
 *
 * A failed batch goes back to the front of the buffer and is retried by a later flush, with
 * exponential back-off (so a database outage of a minute loses nothing). After `maxRetries` failures its rows are inserted one by one, so one bad row cannot hold
 * back the rest; only the rows that still fail are dropped, with an error in the log.
 * One drain runs at a time, so batches are written in the order they were pushed.
 */
export class BatchWriter<T> {
  private queue: T[] = [];
  private failures = 0;
  private draining: Promise<boolean> | null = null;
  private droppedOverflow = 0;
  private inFlight = 0;
  private retryAt = 0;

  constructor(private readonly options: BatchWriterOptions<T>) {}

  /** Entries not yet written: buffered or in a batch being written. */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  push(entry: T): void {
    if (this.queue.length >= this.options.maxBuffered) {
      this.queue.shift();
      if (this.droppedOverflow++ === 0) {
        this.options.logger.error(`${this.options.name}: buffer full (${this.options.maxBuffered} pending entries); dropping the oldest`);
      }
    }
    this.queue.push(entry);
    if (this.queue.length >= this.options.batchSize && !this.draining) void this.flush();
  }

  /**
   * Writes what is pending. Resolves true when the buffer was emptied, false when a batch
   * failed and was put back for a later attempt (or waits for its retry delay: `force`
   * ignores it). Never rejects.
   */
  async flush(force = false): Promise<boolean> {
    if (this.draining) await this.draining;
    if (this.queue.length === 0) return true;
    if (!force && Date.now() < this.retryAt) return false;
    if (!this.draining) {
      this.draining = this.drain().finally(() => {
        this.draining = null;
      });
    }
    return this.draining;
  }

  /**
   * For shutdown: flushes until the buffer is empty, retrying a failed batch up to
   * `maxRetries` times (waiting `retryDelayMs` times the attempt between them), then row by
   * row. Bounded: a database that stays down costs `maxRetries` attempts plus a few rows.
   */
  async close(retryDelayMs = 100): Promise<void> {
    for (;;) {
      if (await this.flush(true)) return;
      await new Promise((r) => setTimeout(r, retryDelayMs * this.failures));
    }
  }

  private async drain(): Promise<boolean> {
    this.reportOverflow();
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.batchSize);
      this.inFlight = batch.length;
      try {
        await this.options.insert(batch);
        this.failures = 0;
      } catch (e) {
        this.failures++;
        if (this.failures < this.options.maxRetries) {
          this.queue.unshift(...batch);
          this.retryAt = Date.now() + this.options.retryDelayMs * 2 ** (this.failures - 1);
          this.options.logger.warn(
            `${this.options.name}: writing ${batch.length} entries failed (attempt ${this.failures} of ${this.options.maxRetries}), will retry: ${describe(e)}`,
          );
          return false;
        }
        this.failures = 0;
        await this.salvage(batch, e);
      } finally {
        this.inFlight = 0;
      }
      // let requests run between batches: a backlog of thousands of rows would otherwise be
      // written in one go (SQLite inserts are synchronous) and stall every request in flight
      if (this.queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
    }
    return true;
  }

  private async salvage(batch: T[], cause: unknown): Promise<void> {
    let lost = 0;
    let lastError = cause;
    let failedInARow = 0;
    for (const [i, entry] of batch.entries()) {
      // rows failing one after another with none written mean the database is down, not a bad row
      if (failedInARow >= SALVAGE_GIVE_UP_AFTER) {
        lost += batch.length - i;
        break;
      }
      try {
        await this.options.insert([entry]);
        failedInARow = 0;
      } catch (e) {
        lost++;
        failedInARow++;
        lastError = e;
      }
    }
    if (lost > 0) {
      this.options.logger.error(
        `${this.options.name}: dropped ${lost} of ${batch.length} entries after ${this.options.maxRetries} failed attempts: ${describe(lastError)}`,
      );
    }
  }

  private reportOverflow(): void {
    if (this.droppedOverflow > 1) {
      this.options.logger.error(`${this.options.name}: dropped ${this.droppedOverflow} entries in all because the buffer was full`);
    }
    this.droppedOverflow = 0;
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
