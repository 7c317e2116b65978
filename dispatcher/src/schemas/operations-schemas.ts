/** Schemas of the unauthenticated operational routes: liveness, readiness, metrics, spec key. */
import { Type } from '@sinclair/typebox';

export const HealthStatus = Type.Object({ status: Type.String() });

export const MetricsText = Type.String();

export const SpecKeyView = Type.Object({
  alg: Type.Literal('ES256'),
  kid: Type.String(),
  publicKeyPem: Type.String(),
  jwk: Type.Record(Type.String(), Type.String()),
});
