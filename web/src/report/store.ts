// Where drafts, queued submissions and the codes of sent reports are kept: IndexedDB in the browser (Blobs
// included), or memory in tests. One small interface so the outbox's rules are testable without a browser.
import type { SubmitBody } from '../api-report.js';
import type { Draft } from './draft.js';

/** A submission waiting for the network (or refused, and shown so the person can fix it). */
export interface OutboxEntry {
  /** The draft's idempotency key: the same on every attempt. */
  key: string;
  draft: Draft;
  /** Built once when queued (photos aside), so every attempt sends the same body. */
  body: SubmitBody;
  state: 'waiting' | 'failed';
  queuedAt: string;
  attempts: number;
  /** Set once the photos were uploaded again because their first uploads had expired. */
  photosRenewed?: boolean;
  /** The API's message of the last refusal (failed) or the last transient error (waiting). */
  error: { message: string | null; status: number; fields: string[] } | null;
}

/** A report this device sent: the code is never lost, even when the answer came while the page was closed. */
export interface SentReport {
  key: string;
  code: string;
  sentAt: string;
  /** The first words of the description, to tell reports apart. */
  summary: string;
}

export interface Table<T> {
  get(key: string): Promise<T | undefined>;
  put(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
  all(): Promise<T[]>;
}

export interface ReportStore {
  drafts: Table<Draft>;
  outbox: Table<OutboxEntry>;
  sent: Table<SentReport>;
}

export function memoryTable<T>(): Table<T> {
  const rows = new Map<string, T>();
  return {
    get: (key) => Promise.resolve(rows.get(key)),
    put: (key, value) => {
      rows.set(key, structuredClone(value));
      return Promise.resolve();
    },
    delete: (key) => {
      rows.delete(key);
      return Promise.resolve();
    },
    all: () => Promise.resolve([...rows.values()]),
  };
}

export function memoryStore(): ReportStore {
  return { drafts: memoryTable(), outbox: memoryTable(), sent: memoryTable() };
}

const DB_NAME = 'pakn-report';
const DB_VERSION = 1;
const TABLES = ['drafts', 'outbox', 'sent'] as const;

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => {
      resolve(request.result);
    };
    request.onerror = () => {
      reject(request.error ?? new Error('IndexedDB request failed'));
    };
  });
}

let opened: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      for (const name of TABLES)
        if (!request.result.objectStoreNames.contains(name)) request.result.createObjectStore(name);
    };
    request.onsuccess = () => {
      resolve(request.result);
    };
    request.onerror = () => {
      opened = null;
      reject(request.error ?? new Error('IndexedDB cannot be opened'));
    };
  });
  return opened;
}

function idbTable<T>(name: (typeof TABLES)[number]): Table<T> {
  const run = async <R>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<R>) => {
    const db = await openDb();
    const tx = db.transaction(name, mode);
    // A write counts once it is committed, not when its request succeeded.
    const committed = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => {
        resolve();
      };
      tx.onerror = tx.onabort = () => {
        reject(tx.error ?? new Error('IndexedDB transaction failed'));
      };
    });
    // Handled here too: a failed request rejects both, and only the request's error is thrown.
    committed.catch(() => undefined);
    const result = await promised(work(tx.objectStore(name)));
    await committed;
    return result;
  };
  return {
    get: async (key) => (await run('readonly', (s) => s.get(key))) as T | undefined,
    put: async (key, value) => {
      await run('readwrite', (s) => s.put(value, key));
    },
    delete: async (key) => {
      await run('readwrite', (s) => s.delete(key));
    },
    all: async () => (await run('readonly', (s) => s.getAll())) as T[],
  };
}

let browserStore: ReportStore | null = null;

/** The browser's store (IndexedDB), or memory when IndexedDB is unavailable (drafts then last the visit). */
export function reportStore(): ReportStore {
  browserStore ??=
    typeof indexedDB === 'undefined'
      ? memoryStore()
      : { drafts: idbTable('drafts'), outbox: idbTable('outbox'), sent: idbTable('sent') };
  return browserStore;
}

/** The one draft being written (a phone writes one report at a time). */
export const CURRENT_DRAFT = 'current';
