/** The data `reos doctor` (and the pre-show checklist of `reos demo`) produces: one line per check. */
export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface DoctorCheck {
  /** Stable id for --json consumers: node, port-api, port-smtp, port-mail, disk, data-dir, docker, postgres, redis, stack. */
  id: string;
  title: string;
  status: CheckStatus;
  /** What was observed, in words. */
  detail: string;
  /** How to fix it (set on warn and fail). */
  hint?: string;
}

export interface DoctorReport {
  ok: boolean;
  counts: Record<CheckStatus, number>;
  checks: DoctorCheck[];
}
