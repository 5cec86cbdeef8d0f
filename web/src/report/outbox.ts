// The queue of submissions: each one is sent (photos uploaded first, then the report with the draft's
// Idempotency-Key) and removed only after the API answered 2xx, so a retry, a second tab or a reload while
// sending can never make a second report. Runs on `online`, at app start and every 30 s while any wait.
import { isSubmitted, isUpload, type SubmitBody } from '../api-report.js';
import { reportStore, type OutboxEntry, type ReportStore, type SentReport } from './store.js';

export type SendResult =
  | { kind: 'sent'; code: string }
  /** Kept for later: no network, a server error, or too many requests. */
  | { kind: 'waiting' }
  /** Refused by the API (4xx other than 409/429); the entry is kept as failed, visible. */
  | { kind: 'refused'; error: NonNullable<OutboxEntry['error']> };

export interface OutboxOptions {
  store: ReportStore;
  fetch: typeof fetch;
  /** The language of the API's messages. */
  lang?: () => 'vi' | 'en';
  now?: () => Date;
}

const RETRY_MS = 30_000;

/** An answer other than 2xx, kept for the rules below. */
class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly apiMessage: string | null,
    readonly fields: string[],
  ) {
    super(`HTTP ${status}`);
  }
}

/** 409 (the same key still being handled) and 429 (too many) are worth retrying; so is any 5xx. */
function isTransient(status: number): boolean {
  return status === 409 || status === 429 || status >= 500;
}

async function refusalOf(response: Response): Promise<HttpRefusal> {
  let message: string | null = null;
  const fields: string[] = [];
  try {
    const body = (await response.json()) as { error?: { message?: unknown; details?: unknown } };
    if (typeof body.error?.message === 'string') message = body.error.message;
    if (Array.isArray(body.error?.details))
      for (const d of body.error.details as { field?: unknown }[])
        if (typeof d.field === 'string') fields.push(d.field);
  } catch {
    // Not JSON: the status says enough.
  }
  return new HttpRefusal(response.status, message, fields);
}

function summaryOf(description: string): string {
  const text = description.trim().replace(/\s+/g, ' ');
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

export class Outbox {
  private readonly store: ReportStore;
  private readonly fetch: typeof fetch;
  private readonly lang: () => 'vi' | 'en';
  private readonly now: () => Date;
  private readonly listeners = new Set<() => void>();
  /** Entries being sent by this tab: a second run skips them rather than send twice at once. */
  private readonly sending = new Map<string, Promise<SendResult>>();

  constructor(options: OutboxOptions) {
    this.store = options.store;
    this.fetch = options.fetch;
    this.lang = options.lang ?? (() => 'vi');
    this.now = options.now ?? (() => new Date());
  }

  /** Called after every change of the queue or of the sent list. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  async entries(): Promise<OutboxEntry[]> {
    return (await this.store.outbox.all()).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  }

  async sent(): Promise<SentReport[]> {
    return (await this.store.sent.all()).sort((a, b) => b.sentAt.localeCompare(a.sentAt));
  }

  /** Queues a draft (photos included). Queuing it again keeps its key and the uploads already made. */
  async enqueue(entry: Pick<OutboxEntry, 'draft' | 'body'>): Promise<OutboxEntry> {
    const existing = await this.store.outbox.get(entry.draft.key);
    const queued: OutboxEntry = {
      key: entry.draft.key,
      draft: entry.draft,
      body: entry.body,
      state: 'waiting',
      queuedAt: existing?.queuedAt ?? this.now().toISOString(),
      attempts: existing?.attempts ?? 0,
      error: null,
    };
    await this.store.outbox.put(queued.key, queued);
    this.changed();
    return queued;
  }

  /** Takes an entry off the queue (the person fixes a refused report, or gives it up). */
  async remove(key: string): Promise<void> {
    await this.store.outbox.delete(key);
    this.changed();
  }

  /** Sends one entry now, unless this tab is sending it already (then waits for that attempt). */
  send(key: string): Promise<SendResult> {
    const running = this.sending.get(key);
    if (running) return running;
    const attempt = this.attempt(key).finally(() => {
      this.sending.delete(key);
    });
    this.sending.set(key, attempt);
    return attempt;
  }

  /** Sends every waiting entry, one after the other; returns how many are still waiting. */
  async runOnce(): Promise<number> {
    let waiting = 0;
    for (const entry of await this.entries()) {
      if (entry.state !== 'waiting') continue;
      const result = await this.send(entry.key);
      if (result.kind === 'waiting') waiting += 1;
    }
    return waiting;
  }

  private async attempt(key: string): Promise<SendResult> {
    const entry = await this.store.outbox.get(key);
    if (!entry) {
      const sent = await this.store.sent.get(key);
      return sent ? { kind: 'sent', code: sent.code } : { kind: 'waiting' };
    }
    entry.attempts += 1;
    try {
      const body = await this.bodyWithUploads(entry);
      const response = await this.fetch('/api/v1/public/reports', {
        method: 'POST',
        headers: this.headers({ 'content-type': 'application/json', 'idempotency-key': entry.key }),
        credentials: 'same-origin',
        body: JSON.stringify(body),
      });
      if (!response.ok) throw await refusalOf(response);
      const reply: unknown = await response.json();
      if (!isSubmitted(reply)) throw new HttpRefusal(502, null, []);
      // The code is kept before the entry goes: whatever happens next, it is not lost.
      await this.store.sent.put(entry.key, {
        key: entry.key,
        code: reply.code,
        sentAt: this.now().toISOString(),
        summary: summaryOf(entry.draft.description),
      });
      await this.store.outbox.delete(entry.key);
      this.changed();
      return { kind: 'sent', code: reply.code };
    } catch (error) {
      // Uploads not attached to a report are removed after a day: a report queued longer than that is
      // refused for its photos. They are uploaded again, once (a refusal stored nothing under the key).
      if (
        error instanceof HttpRefusal &&
        error.status === 400 &&
        error.fields.includes('/body/mediaIds') &&
        !entry.photosRenewed &&
        entry.draft.photos.some((p) => p.mediaId !== null)
      ) {
        entry.photosRenewed = true;
        for (const photo of entry.draft.photos) photo.mediaId = null;
        await this.store.outbox.put(entry.key, entry);
        return this.attempt(key);
      }
      if (error instanceof HttpRefusal && !isTransient(error.status)) {
        entry.state = 'failed';
        entry.error = { message: error.apiMessage, status: error.status, fields: error.fields };
        await this.store.outbox.put(entry.key, entry);
        this.changed();
        return { kind: 'refused', error: entry.error };
      }
      // No network (fetch's TypeError), a server error, 409 or 429: keep it, try later.
      entry.error =
        error instanceof HttpRefusal ? { message: error.apiMessage, status: error.status, fields: [] } : null;
      await this.store.outbox.put(entry.key, entry);
      this.changed();
      return { kind: 'waiting' };
    }
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    return { accept: 'application/json', 'accept-language': this.lang(), ...extra };
  }

  /** Uploads the photos not uploaded yet, saving each id at once so no photo is uploaded twice. */
  private async bodyWithUploads(entry: OutboxEntry): Promise<SubmitBody> {
    for (const photo of entry.draft.photos) {
      if (photo.mediaId !== null) continue;
      const response = await this.fetch('/api/v1/public/uploads', {
        method: 'POST',
        headers: this.headers({ 'content-type': photo.blob.type || 'image/jpeg' }),
        credentials: 'same-origin',
        body: photo.blob,
      });
      if (!response.ok) throw await refusalOf(response);
      const upload: unknown = await response.json();
      if (!isUpload(upload)) throw new HttpRefusal(502, null, []);
      photo.mediaId = upload.id;
      await this.store.outbox.put(entry.key, entry);
    }
    const body = entry.body;
    const mediaIds = entry.draft.photos.flatMap((p) => (p.mediaId === null ? [] : [p.mediaId]));
    return mediaIds.length > 0 ? { ...body, mediaIds } : body;
  }
}

let shared: Outbox | null = null;

/** This tab's outbox on IndexedDB. */
export function outbox(): Outbox {
  shared ??= new Outbox({
    store: reportStore(),
    fetch: (input, init) => fetch(input, init),
    lang: () => (document.documentElement.lang === 'en' ? 'en' : 'vi'),
  });
  return shared;
}

let started = false;

/**
 * Starts sending queued reports: now (app start), whenever the browser comes online, and every 30 s while
 * any entry waits. Tabs share the queue; the Web Locks API, where there is one, keeps to one sender.
 */
export function startOutbox(): void {
  if (started) return;
  started = true;
  const box = outbox();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    timer ??= setTimeout(() => void run(), RETRY_MS);
  };
  const run = async () => {
    clearTimeout(timer);
    timer = undefined;
    const work = () => box.runOnce();
    let waiting: number;
    try {
      // Older browsers have no Web Locks; one tab sending alone is still safe (the key makes it idempotent).
      waiting = 'locks' in navigator ? await navigator.locks.request('pakn-outbox', work) : await work();
    } catch {
      // IndexedDB failed (private mode, storage full): try again later like any other failure.
      waiting = 1;
    }
    if (waiting > 0) schedule();
  };
  window.addEventListener('online', () => void run());
  // A change (an entry queued, or left waiting by a page's own attempt) starts the 30-second retries if
  // they are not running; a run that finds nothing waiting does not schedule another.
  box.subscribe(schedule);
  void run();
}
