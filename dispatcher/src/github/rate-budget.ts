/**
 * Whether the GitHub App installation can take more work right now. Set from rate-limit answers
 * (Retry-After, x-ratelimit-reset); read by POST /v1/deployments to answer 429 + Retry-After.
 */
export class RateBudget {
  private until = 0;

  constructor(private readonly clock: () => Date) {}

  exhaust(retryAfterSeconds: number): void {
    this.exhaustUntil(new Date(this.clock().getTime() + retryAfterSeconds * 1000));
  }

  exhaustUntil(at: Date): void {
    this.until = Math.max(this.until, at.getTime());
  }

  /** Seconds until work can go out again; 0 when it can now. */
  retryAfterSeconds(): number {
    return Math.max(0, Math.ceil((this.until - this.clock().getTime()) / 1000));
  }
}
