/** The dispatcher's storage: one small interface over PostgreSQL or PGlite. */
import { currentAnchor, type AuditAnchor } from '../audit/audit-anchor.js';
import type { AuditEvent } from '../audit/audit-event.js';
import type { AuditKey } from '../audit/audit-key.js';
import { listAudit, type AuditReadScope } from '../audit/audit-log.js';
import { listObjectHistory } from '../audit/object-history.js';
import { startKeying } from '../audit/audit-seal.js';
import { sealingDb } from '../audit/sealing-db.js';
import {
  verifyAuditChain,
  type ChainVerdict,
  type VerifyOptions,
} from '../audit/verify-audit-chain.js';
import type { Db } from './db.js';
import { DeliveriesStore } from './deliveries-store.js';
import { DeploymentTransitions } from './deployment-transitions.js';
import { DeploymentsStore } from './deployments-store.js';
import { InvalidatingCache } from './invalidating-cache.js';
import { listenForInvalidations } from './invalidations.js';
import { migrate } from './migrate.js';
import { openPgDb } from './pg-db.js';
import { openPgliteDb } from './pglite-db.js';
import { ProjectsStore } from './projects-store.js';
import { TenantsStore } from './tenants-store.js';
import { TokensStore } from './tokens-store.js';
import type { ApiToken, Project } from './records.js';

export interface Store {
  readonly db: Db;
  readonly tenants: TenantsStore;
  readonly projects: ProjectsStore;
  readonly tokens: TokensStore;
  readonly deployments: DeploymentsStore;
  readonly transitions: DeploymentTransitions;
  readonly deliveries: DeliveriesStore;
  readonly audit: {
    list(
      tenantId: string,
      options: {
        beforeSeq?: number | undefined;
        limit: number;
        scope?: AuditReadScope | undefined;
      },
    ): Promise<AuditEvent[]>;
    /** The events about one object, oldest first (audit/object-history.ts). */
    history(
      tenantId: string,
      object: { readonly type: string; readonly id: string },
      limit: number,
    ): Promise<AuditEvent[]>;
    verify(options?: VerifyOptions): Promise<ChainVerdict>;
    /**
     * From now on every appended event is sealed with `key` (keying starts at the current head
     * the first time any dispatcher does this). Returns where keying starts.
     */
    seal(key: AuditKey): Promise<number>;
    /** The current head, with its MAC when sealing: what to keep outside the database. */
    anchor(): Promise<AuditAnchor>;
  };
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  /**
   * Lets token and project lookups be served from memory, kept right by change notifications
   * (invalidations.ts). Without it every lookup reads the database. Resolves once listening;
   * `onUnavailable` hears when notifications turn out not to arrive (caching stays off).
   */
  enableCaching(onUnavailable?: () => void): Promise<void>;
  close(): Promise<void>;
}

/** Bounds of the lookup caches: entries, and the longest an entry lives even when nothing changes. */
const CACHE = { max: 10_000, ttlMs: 60_000 };

export function createStore(raw: Db, clock: () => Date = () => new Date()): Store {
  let auditKey: AuditKey | undefined;
  const db = sealingDb(raw, () => auditKey);
  const caches = {
    token: new InvalidatingCache<ApiToken>(CACHE),
    project: new InvalidatingCache<Project>(CACHE),
  };
  let stopListening: (() => Promise<void>) | undefined;
  return {
    db,
    tenants: new TenantsStore(db, clock),
    projects: new ProjectsStore(db, clock, caches.project),
    tokens: new TokensStore(db, clock, caches.token),
    deployments: new DeploymentsStore(db, clock),
    transitions: new DeploymentTransitions(db, clock),
    deliveries: new DeliveriesStore(db, clock),
    audit: {
      list: (tenantId, options) => listAudit(db, tenantId, options),
      history: (tenantId, object, limit) => listObjectHistory(db, tenantId, object, limit),
      verify: (options) => verifyAuditChain(db, options),
      async seal(key) {
        const from = await startKeying(raw, key);
        auditKey = key;
        return from;
      },
      anchor: () => currentAnchor(db, auditKey, clock()),
    },
    ping: async () => void (await db.query('SELECT 1')),
    async enableCaching(onUnavailable) {
      stopListening ??= await listenForInvalidations(db, caches, {
        ...(onUnavailable ? { onProbeLost: onUnavailable } : {}),
      });
    },
    async close() {
      await stopListening?.();
      await db.close();
    },
  };
}

export type DatabaseLocation =
  | {
      readonly kind: 'postgres';
      readonly url: string;
      readonly schema?: string;
      readonly poolSize?: number;
    }
  | { readonly kind: 'pglite'; readonly dataDir: string | undefined };

/** Opens the database, applies pending migrations, and returns the store. */
export interface OpenStoreOptions {
  /** Told when lookup caching cannot be used (notifications do not arrive). */
  readonly onCachingUnavailable?: () => void;
}

export async function openStore(
  location: DatabaseLocation,
  clock?: () => Date,
  options: OpenStoreOptions = {},
): Promise<Store> {
  const db =
    location.kind === 'postgres'
      ? await openPgDb({
          connectionString: location.url,
          ...(location.schema ? { schema: location.schema } : {}),
          ...(location.poolSize ? { max: location.poolSize } : {}),
        })
      : await openPgliteDb(location.dataDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  const store = createStore(db, clock);
  try {
    await store.enableCaching(options.onCachingUnavailable);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return store;
}
