/**
 * A create that broke a name's uniqueness (a tenant's name; a project's name within its tenant).
 * The store turns the database's unique violation into this so that no caller ever shows a raw
 * constraint error: the HTTP error handler answers 409 naming the field, the CLI prints the message.
 */
import { sqlState, UNIQUE_VIOLATION } from './db.js';

export class NameTakenError extends Error {
  readonly field = 'name';

  constructor(
    readonly kind: 'tenant' | 'project',
    readonly taken: string,
  ) {
    super(
      `A ${kind} named '${taken}' already exists${kind === 'project' ? ' in this tenant' : ''}: choose another name.`,
    );
  }
}

/** The unique constraints on names (dispatcher/migrations/001_initial.sql). */
const NAME_CONSTRAINTS = {
  tenant: 'tenants_name_key',
  project: 'projects_tenant_id_name_key',
} as const;

/** Rethrows a violation of `kind`'s name constraint as a NameTakenError, anything else as it is. */
export function nameTaken(kind: NameTakenError['kind'], name: string): (error: unknown) => never {
  return (error) => {
    const constraint = (error as { constraint?: unknown } | null)?.constraint;
    throw sqlState(error) === UNIQUE_VIOLATION && constraint === NAME_CONSTRAINTS[kind]
      ? new NameTakenError(kind, name)
      : error;
  };
}
