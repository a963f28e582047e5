/**
 * Operation coverage: which operations of the target's OpenAPI document (method + path
 * template) the run's recorded HTTP exchanges exercised. A request counts when it got an
 * answer, whatever the status; the query string is ignored; a concrete path is matched against
 * the templates (`/properties/42` is `GET /properties/{id}`). Information for the reader: it
 * never changes the verdict. `reos verify` writes it into summary.json; `reos evidence verify`
 * recomputes it from the transcripts and openapi.json and compares.
 */
import type { HttpExchange } from '../model.js';
import { findOperation, operationsOf } from '../checks/openapi/document.js';

export interface OperationCoverage {
  /** Documented operations. */
  total: number;
  exercised: number;
  /** exercised / total, in percent, one decimal. */
  percent: number;
  /** `METHOD /path/template` of every documented operation no exchange reached, in document order. */
  uncovered: string[];
}

/** The coverage of `openapi` by the exchanges of `scenarios`; undefined without a document. */
export function computeCoverage(openapi: unknown, scenarios: ReadonlyArray<{ steps: ReadonlyArray<{ exchanges?: readonly HttpExchange[] }> }>): OperationCoverage | undefined {
  if (openapi === undefined || openapi === null || typeof openapi !== 'object') return undefined;
  const operations = operationsOf(openapi);
  const exercised = new Set<string>();
  for (const exchange of scenarios.flatMap((s) => s.steps.flatMap((step) => step.exchanges ?? []))) {
    if (!exchange.response) continue;
    const path = pathnameOf(exchange.request.url);
    const op = path === undefined ? undefined : findOperation(operations, exchange.request.method, path);
    if (op) exercised.add(`${op.method.toUpperCase()} ${op.path}`);
  }
  const names = operations.map((op) => `${op.method.toUpperCase()} ${op.path}`);
  const total = names.length;
  return {
    total,
    exercised: exercised.size,
    percent: total === 0 ? 0 : Math.round((exercised.size / total) * 1000) / 10,
    uncovered: names.filter((name) => !exercised.has(name)),
  };
}

function pathnameOf(url: string): string | undefined {
  try {
    return new URL(url, 'http://relative.invalid').pathname;
  } catch {
    return undefined;
  }
}

/** One line for terminals and pages: `71 of 93 documented operations exercised (76.3%)`. */
export function describeCoverage(coverage: OperationCoverage): string {
  return `${coverage.exercised} of ${coverage.total} documented operations exercised (${coverage.percent}%)`;
}
