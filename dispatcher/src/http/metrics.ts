/** Prometheus metrics, on a registry of their own (several app instances may share a process). */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly latency: Histogram<'method' | 'route'>;
  readonly dispatchAttempts: Counter;
  readonly dispatchFailures: Counter<'kind'>;
  readonly queueDepth: Gauge;
}

export function createMetrics(
  deploymentsByStatus: () => Promise<Record<string, number>>,
  defaults = false,
): Metrics {
  const registry = new Registry();
  if (defaults) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const queueDepth = new Gauge({
    name: 'grape_queue_depth',
    help: 'Deployments waiting to be dispatched',
    registers,
  });
  new Gauge({
    name: 'grape_deployments',
    help: 'Deployments by status',
    labelNames: ['status'],
    registers,
    async collect() {
      const counts = await deploymentsByStatus();
      this.reset();
      for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
      queueDepth.set(counts['queued'] ?? 0);
    },
  });
  return {
    registry,
    requests: new Counter({
      name: 'grape_http_requests_total',
      help: 'HTTP requests',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    latency: new Histogram({
      name: 'grape_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    dispatchAttempts: new Counter({
      name: 'grape_dispatch_attempts_total',
      help: 'workflow_dispatch calls made',
      registers,
    }),
    dispatchFailures: new Counter({
      name: 'grape_dispatch_failures_total',
      help: 'Failed dispatch calls, by kind',
      labelNames: ['kind'],
      registers,
    }),
    queueDepth,
  };
}
