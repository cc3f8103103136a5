// `npm start` exactly as an operator runs it: embedded PostgreSQL, its own Temporal dev server,
// a temporary data directory and random ports; healthy, then Ctrl-C stops every process.
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, assertPortFree } from '../scripts/ports.js';
import { launch, processesMentioning, stackEnv, waitForHealthy } from './support/processes.js';

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-e2e-'));
  chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as the `postgres` OS user under root
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('reaches a healthy system on embedded defaults and stops cleanly on Ctrl-C', { timeout: 240_000 }, async () => {
    const ports = {
      PORT: await freePort(),
      TEMPORAL_DEV_PORT: await freePort(),
      TEMPORAL_UI_PORT: await freePort(),
      EMBEDDED_PG_PORT: await freePort(),
    };
    const env = stackEnv({
      DATA_DIR: dataDir,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    });
    const stack = launch('npm', ['start', '--silent'], env);

    const health = await waitForHealthy(`http://127.0.0.1:${ports.PORT}`, stack, 200_000);
    expect(health).toMatchObject({
      status: 'up',
      failing: [],
      parts: { database: { status: 'up' }, temporal: { status: 'up' }, renderer: { status: 'up' } },
    });
    const banner = stack.output();
    expect(banner).toContain(`http://127.0.0.1:${ports.PORT}`);
    expect(banner).toContain(`Temporal UI http://127.0.0.1:${ports.TEMPORAL_UI_PORT}`);
    expect(banner).toMatch(/prov\.official\s+official/);
    expect(existsSync(join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(dataDir, 'temporal.db'))).toBe(true);
    expect(processesMentioning(dataDir).length).toBeGreaterThan(0);

    // Ctrl-C in a terminal sends SIGINT to the whole foreground process group.
    process.kill(-stack.child.pid!, 'SIGINT');
    const { code, signal } = await stack.exited;
    expect(signal === 'SIGINT' || code === 0 || code === 130).toBe(true);

    await expect.poll(() => processesMentioning(dataDir), { timeout: 15_000 }).toEqual([]);
    for (const [name, port] of Object.entries(ports))
      await expect(assertPortFree(port, name, name)).resolves.toBeUndefined();
  });
});
