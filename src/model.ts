/**
 * The data every phase of `reos verify` shares: what a scenario is once loaded, what a check
 * kind must provide, and what a run records. Phases (load -> run -> check -> record -> report)
 * talk only through these types; reporters read a finished `RunResult` and nothing else.
 */
import type { JSONSchemaType } from 'ajv';

export type Severity = 'critical' | 'major' | 'minor';

/** Where something stands in a scenario file, for messages and CI annotations. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** One step as written in YAML, after schema validation; `kind` picks the check module. */
export interface StepDefinition {
  /** Step id, unique in its scenario; captures are referenced as `steps.<id>.<name>`. */
  id: string;
  kind: string;
  name?: string;
  /** Overrides the run's step timeout for this step. */
  timeoutMs?: number;
  /** The kind-specific fields, validated by that kind's schema fragment. */
  spec: Record<string, unknown>;
  location: SourceLocation;
  /** Where each node of `spec` stands in the file, keyed by JSON Pointer (`/expect/status`). */
  locations?: Record<string, SourceLocation>;
}

export interface ScenarioDefinition {
  name: string;
  area: string;
  severity: Severity;
  description?: string;
  tags: string[];
  /** Other scenarios (by name) whose captures this one reads, or capabilities such as `mail`. */
  requires: string[];
  /** Runs alone, after every other scenario: it disturbs the target (e.g. a rate-limit burst). */
  isolated?: boolean;
  steps: StepDefinition[];
  file: string;
  /** SHA-256 of the file's bytes, recorded in the evidence manifest. */
  fileSha256: string;
  location: SourceLocation;
}

/** A single comparison a check made: plain data, so reporters and auditors can re-read it. */
export interface AssertionResult {
  /** Human label, e.g. `status`, `jsonpath $.id exists`, `header Retry-After`. */
  label: string;
  /** The operator: eq, ne, gt, lt, contains, matches, exists, type, schema, lte, gte, ... */
  op: string;
  expected: unknown;
  actual: unknown;
  passed: boolean;
  message?: string;
  location?: SourceLocation;
}

/** One HTTP exchange as recorded (secrets are redacted later, by the evidence writer). */
export interface HttpExchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: unknown };
  response?: { status: number; headers: Record<string, string>; body?: unknown; bodyText?: string };
  error?: string;
  timing: { startedAt: string; durationMs: number };
}

export type StepStatus = 'passed' | 'failed' | 'skipped' | 'error';

export interface StepResult {
  id: string;
  kind: string;
  name: string;
  status: StepStatus;
  /** Why a step was skipped or errored (not an assertion failure). */
  reason?: string;
  assertions: AssertionResult[];
  /** Values this step exposes to later steps as `steps.<id>.<name>`. */
  captures: Record<string, unknown>;
  exchanges: HttpExchange[];
  /** Kind-specific extra record (e.g. SSE frames, burst status histogram). */
  details?: Record<string, unknown>;
  /**
   * What the assertions were checked against, as resolved for this run (interpolated `expect`,
   * `capture` ...): stored in the pack so `reos evidence verify` re-evaluates the assertions
   * with the kind's `reevaluate` hook, offline.
   */
  expectations?: Record<string, unknown>;
  startedAt: string;
  durationMs: number;
  location: SourceLocation;
}

export type ScenarioStatus = 'passed' | 'failed' | 'skipped';

export interface ScenarioResult {
  name: string;
  area: string;
  severity: Severity;
  file: string;
  status: ScenarioStatus;
  steps: StepResult[];
  /** Why the whole scenario did not run (bail, abort, a missing capability). */
  reason?: string;
  startedAt: string;
  durationMs: number;
}

export interface RunEnvironment {
  reosVersion: string;
  node: string;
  platform: string;
  /** `embedded` when reos started the stack, else the target URL(s). */
  target: string;
  mode: 'embedded' | 'target';
  gitCommit?: string;
}

export interface RunResult {
  id: string;
  startedAt: string;
  finishedAt: string;
  environment: RunEnvironment;
  /** False when the stack or target never answered its readiness probe. */
  stackReady: boolean;
  scenarios: ScenarioResult[];
  /** Raw API log lines captured during the run (embedded mode). */
  logs: string[];
  openapi?: unknown;
  /** The target's inventory after the run (src/inventory/report.ts), recorded as inventory.json. */
  inventory?: unknown;
}

/** What a check kind's `run` gets: resolved values, an HTTP client, the run's context. */
export interface CheckContext {
  /** Base URL of the target; relative step URLs are resolved against it. */
  baseUrl: string;
  /** All target base URLs (for cross-replica steps); `baseUrl` is the first. */
  baseUrls: string[];
  /** Resolves `${{ ... }}` references in any value against captures, env and run data. */
  interpolate<T>(value: T): T;
  /** Log lines the API has written so far (embedded mode); undefined when the target exposes none. */
  logs?: () => string[];
  /** Base URL of the mail catcher's MailHog API (embedded catcher or --mail-url); undefined when none answers. */
  mailUrl?: string;
  /** Results of the steps run before this one in the same scenario. */
  previous: StepResult[];
  /** Every HTTP exchange recorded so far in the run, all scenarios (finished steps only). */
  runExchanges(): HttpExchange[];
  /** The file position of a node of this step's spec (nearest recorded ancestor), for assertions. */
  locate(path: readonly (string | number)[]): SourceLocation;
  signal: AbortSignal;
}

/** Everything a check kind module exports; adding a kind means adding one such module. */
export interface CheckKind<Spec = Record<string, unknown>> {
  kind: string;
  description: string;
  /** JSON Schema fragment for the step's kind-specific fields. */
  schema: JSONSchemaType<Spec> | Record<string, unknown>;
  /** Names of the captures a step of this kind exposes, so `steps.<id>.<name>` is checked at load time. */
  captures?(spec: Spec): string[];
  run(spec: Spec, ctx: CheckContext): Promise<Omit<StepResult, 'id' | 'kind' | 'name' | 'location' | 'startedAt' | 'durationMs'>>;
  /**
   * Recomputes a recorded step's assertions from what the pack holds (its exchanges, details
   * and `expectations`) with the same code `run` used, without any network. Kinds without it
   * are reported by `reos evidence verify` as "not re-evaluated", never as passed.
   */
  reevaluate?(step: StepResult, ctx: ReevaluationContext): Reevaluation;
}

/** What a `reevaluate` hook may read besides the step: the pack's other records. */
export interface ReevaluationContext {
  /** The pack's API log lines (logs/api.jsonl), as recorded (redacted). */
  logs: string[];
  /** The pack's openapi.json (the target's document at the end of the run), when it holds one. */
  openapi?: unknown;
}

/**
 * An assertion recomputed offline; `compareActual: false` compares `passed` only; `redacted`
 * says its input is a value the pack redacted, so a difference proves nothing either way.
 */
export type ReevaluatedAssertion = AssertionResult & { compareActual?: false; redacted?: true };

export interface Reevaluation {
  /** The recomputed assertions, in the order `run` produced them (matched to the record by label). */
  assertions: ReevaluatedAssertion[];
  /** Labels of recorded assertions the hook cannot recompute (and why), e.g. `trigger create: nested step`. */
  notReevaluated?: Array<{ label: string; why: string }>;
  /** Inconsistencies between the step's own records (e.g. a histogram that does not match its exchanges). */
  problems?: string[];
}

export type Verdict = 'GO' | 'CONDITIONAL GO' | 'NO-GO';

export interface VerdictResult {
  verdict: Verdict;
  /** 0-100, weighted by severity. */
  confidence: number;
  reasons: string[];
}
