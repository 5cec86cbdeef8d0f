// Group commit: requests that arrive while earlier ones are being written wait and are written together, in
// one transaction, instead of each paying for its own round trips and commit. Under light load a request is
// written at once, alone (no added latency); under heavy load the batches grow by themselves.

/** What the batch's writer says of one item: its value, or the error that item alone ends with. */
export type ItemOutcome<O> = { value: O } | { error: unknown };

export interface BatcherOptions {
  /** Most items in one batch. */
  maxSize: number;
  /** Batches written at the same time (each holds a database connection while it runs). */
  maxConcurrent: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export class Batcher<I, O> {
  private pending: Waiting<I, O>[] = [];
  private running = 0;

  /** `write` answers one outcome per item, in the items' order; if it throws, every item of the batch fails. */
  constructor(
    private readonly write: (items: I[]) => Promise<ItemOutcome<O>[]>,
    private readonly options: BatcherOptions,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.pump();
    });
  }

  /** Items waiting for a batch (not yet being written). */
  get waiting(): number {
    return this.pending.length;
  }

  private pump(): void {
    while (this.running < this.options.maxConcurrent && this.pending.length > 0) {
      const batch = this.pending.splice(0, this.options.maxSize);
      this.running += 1;
      void this.run(batch);
    }
  }

  private async run(batch: Waiting<I, O>[]): Promise<void> {
    try {
      const outcomes = await this.write(batch.map((w) => w.item));
      batch.forEach((w, i) => {
        const outcome = outcomes[i];
        if (!outcome) w.reject(new Error('batch writer gave no outcome for an item'));
        else if ('value' in outcome) w.resolve(outcome.value);
        else w.reject(outcome.error);
      });
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      this.running -= 1;
      this.pump();
    }
  }
}
