/**
 * The order delivery statuses move in. Provider events arrive late and out of order (an `open`
 * before its `delivered`), so a status only moves forward: `clicked` is never undone by a
 * late `delivered`. Failures (bounce, drop, failed, undelivered) end the line.
 */
const RANK: Record<string, number> = {
  queued: 0,
  accepted: 0,
  sending: 1,
  sent: 1,
  received: 2,
  delivered: 2,
  opened: 3,
  clicked: 4,
  completed: 4,
  failed: 5,
  undelivered: 5,
  bounced: 5,
  dropped: 5,
};

/** True when a message in `current` should move to `next`. */
export function movesForward(current: string, next: string): boolean {
  if (current === next) return false;
  return (RANK[next] ?? -1) > (RANK[current] ?? -1);
}
