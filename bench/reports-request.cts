// autocannon's per-request hook for the create-report benchmark (bench/reports.ts). The load generator runs in
// a worker thread and loads this file by path (CommonJS): each request gets its own Idempotency-Key, so every
// one creates a report instead of replaying the first answer, and the next of the prepared bodies.
interface PreparedRequest {
  headers?: Record<string, string | string[] | undefined>;
  body?: string | Buffer;
  /** JSON bodies prepared by the benchmark, used in turn. */
  bodies?: string[];
}

/** One prefix per worker thread (Web Crypto's global): keys stay unique across runs and workers. */
const prefix = crypto.randomUUID();
let sent = 0;

function setupRequest(request: PreparedRequest): PreparedRequest {
  sent += 1;
  const bodies = request.bodies ?? [];
  return {
    ...request,
    headers: { ...request.headers, 'idempotency-key': `${prefix}-${sent}` },
    ...(bodies.length > 0 ? { body: bodies[sent % bodies.length] } : {}),
  };
}

export = setupRequest;
