/** What the plan scanner hands its visitor: the plan's header and one record per change. */

export interface PlanHeader {
  formatVersion: string | undefined;
  terraformVersion: string | undefined;
  errored: boolean | undefined;
  complete: boolean | undefined;
  applyable: boolean | undefined;
  /** Set when the document is an HCP Terraform redacted plan, not `show -json` output. */
  hcpRedacted: boolean;
}

export interface ResourceChangeRecord {
  address: string;
  previousAddress: string | undefined;
  mode: string | undefined;
  type: string | undefined;
  deposed: string | undefined;
  actionReason: string | undefined;
  actions: string[];
  importing: boolean;
}

export interface OutputChangeRecord {
  name: string;
  actions: string[];
  sensitive: boolean;
}

export interface PlanVisitor {
  resourceChange(change: ResourceChangeRecord): void;
  drift(change: ResourceChangeRecord): void;
  deferred(change: ResourceChangeRecord, reason: string | undefined): void;
  outputChange(change: OutputChangeRecord): void;
  actionInvocation(): void;
}
