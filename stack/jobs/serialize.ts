/** A job row as the API answers it (snake_case, ISO timestamps). */
import type { JobRow } from './queue.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toJobJson(row: JobRow) {
  return {
    id: row.id,
    type: row.type,
    state: row.state,
    payload: (row.payload ?? {}) as Record<string, unknown>,
    attempts: row.attempts,
    max_attempts: row.maxAttempts,
    last_error: row.lastError,
    result: (row.result ?? null) as Record<string, unknown> | null,
    run_at: row.runAt.toISOString(),
    created_at: row.createdAt.toISOString(),
    started_at: iso(row.startedAt),
    finished_at: iso(row.finishedAt),
    result_url: row.state === 'completed' ? `/jobs/${row.id}/result` : null,
  };
}

export type JobJson = ReturnType<typeof toJobJson>;
