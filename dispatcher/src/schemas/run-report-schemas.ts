/**
 * Schemas of POST /v1/runs/report. The report itself is the action's contract (run-report.ts,
 * shared with the action); the dispatcher adds only its answer.
 */
import { Type } from '@sinclair/typebox';

export { RunReportSchema } from '../../../contract/run-report.js';

export const RunReportResult = Type.Object({
  deploymentId: Type.String(),
  status: Type.String(),
  accepted: Type.Boolean(),
});
