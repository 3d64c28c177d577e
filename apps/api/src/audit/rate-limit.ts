import { HttpProblem } from '#platform';
import type { Principal } from '../auth/principal.js';

/**
 * Per-caller budgets for audit work (issue 12 item 8): a fixed window per caller and
 * kind, in memory (per API replica). Proofs are cheap (two indexed queries) and get a
 * large budget; chain checks and verification jobs read much more.
 */
export const AUDIT_BUDGETS = {
  proof: { limit: 600, windowMs: 60_000 },
  verify: { limit: 30, windowMs: 60_000 },
  verification: { limit: 6, windowMs: 60_000 },
  digest: { limit: 2, windowMs: 60_000 },
} as const;

export type AuditWork = keyof typeof AUDIT_BUDGETS;

export class AuditRateLimiter {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async take(p: Principal, kind: AuditWork): Promise<void> {
    const budget = AUDIT_BUDGETS[kind];
    const key = `${kind}\n${p.sub}`;
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= budget.windowMs) {
      if (this.windows.size > 50_000) this.windows.clear();
      w = { start: now, used: 0 };
      this.windows.set(key, w);
    }
    if (w.used >= budget.limit) {
      const retryAfterSeconds = Math.ceil((w.start + budget.windowMs - now) / 1000);
      throw new HttpProblem(429, 'rate_limited', 'Too Many Requests', `At most ${budget.limit} ${kind} requests per minute per caller; retry in ${retryAfterSeconds} s`, [], { retryAfterSeconds });
    }
    w.used++;
  }
}
