/**
 * Schema of the hidden operator route POST /v1/control/:operation. Its body is checked per
 * operation against admin/admin-operations.ts's ADMIN_ARGS, so only the path is declared here.
 */
import { Type } from '@sinclair/typebox';

export const ControlParams = Type.Object({ operation: Type.String() });
