/**
 * The unit of readiness: a named check that passes or fails with a sentence for the operator.
 * Every concern /health reports on (the database today, the outbox's backlog later) is one of
 * these, so adding a concern is adding a check, never a new field in the report.
 */
export interface CheckResult {
  readonly ok: boolean;
  /** What was found, in words; on failure, the error message or the gap. */
  readonly detail: string;
}

export interface NamedCheck {
  readonly name: string;
  readonly result: CheckResult;
}

/** The message of anything thrown, for a JSON body. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
