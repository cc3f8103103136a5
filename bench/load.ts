// The load generator of `npm run bench:api`, run in a process of its own so that it does not share
// the server's event loop: autocannon against one URL, either at a steady overall rate or as fast
// as `connections` keep-alive connections go (saturation). Prints one JSON line: requests/s that
// answered 2xx, non-2xx and errors, and p50/p95/p99 of every response's own latency.
import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  /** Requests per second over all connections; omitted = saturation. */
  rate?: number;
}

export interface LoadResult {
  rps: number;
  ok: number;
  non2xx: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

const spec = JSON.parse(process.argv[2]!) as LoadSpec;
const times: number[] = [];
const instance = autocannon({
  url: spec.url,
  headers: spec.headers,
  connections: spec.connections,
  duration: spec.seconds,
  ...(spec.rate ? { overallRate: spec.rate } : {}),
});
instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
  if (status < 300) times.push(responseTime);
});
const result = await instance;
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
const out: LoadResult = {
  rps: times.length / spec.seconds,
  ok: times.length,
  non2xx: result.non2xx,
  errors: result.errors + result.timeouts,
  p50: at(0.5),
  p95: at(0.95),
  p99: at(0.99),
};
console.log(JSON.stringify(out));
