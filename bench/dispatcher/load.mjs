// A small closed-loop / fixed-rate HTTP load generator over keep-alive connections (node:http),
// so the benchmark needs no extra package. Latency is measured per request with hrtime.
import http from 'node:http';

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function requestOnce(agent, url, makeRequest) {
  const { method, path, headers, body } = makeRequest();
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const req = http.request(url + path, { method, headers, agent }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - start) / 1e6 }),
      );
    });
    req.on('error', () =>
      resolve({ status: 0, ms: Number(process.hrtime.bigint() - start) / 1e6 }),
    );
    req.end(body);
  });
}

function summarize(results, seconds) {
  const ok = results.filter((r) => r.status >= 200 && r.status < 300);
  const sorted = ok.map((r) => r.ms).sort((a, b) => a - b);
  return {
    requests: results.length,
    errors: results.length - ok.length,
    throughput: ok.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}

/** As many requests as `connections` parallel loops can do in `seconds`. */
export async function closedLoop({ url, connections, seconds, makeRequest }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const results = [];
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) results.push(await requestOnce(agent, url, makeRequest));
    }),
  );
  agent.destroy();
  return summarize(results, seconds);
}

/** `rate` requests per second, open loop (latency is not hidden by waiting for answers). */
export async function fixedRate({ url, rate, seconds, makeRequest }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const pending = [];
  const start = Date.now();
  for (let i = 0; i < rate * seconds; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(requestOnce(agent, url, makeRequest));
  }
  const results = await Promise.all(pending);
  agent.destroy();
  return summarize(results, seconds);
}
