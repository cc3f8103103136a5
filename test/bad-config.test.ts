import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../config/env.js';
import { DEPLOYMENT_KEYS, launch, launchStack, stackEnv } from './support/processes.js';

describe('bad configuration', () => {
  it('an invalid DATABASE_URL stops boot with one line naming it, exit ≠ 0, nothing started or written', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'duban-badcfg-'));
    const dataDir = join(parent, 'data');
    try {
      const stack = launchStack(stackEnv({ DATABASE_URL: 'not-a-url', DATA_DIR: dataDir }));
      const { code } = await stack.exited;
      expect(code).not.toBe(0);
      const lines = stack.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toBe(
        'Invalid configuration: DATABASE_URL must be a URL like postgres://user:password@host:5432/database',
      );
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('a real DATABASE_URL without its own keys stops boot with one line, nothing started or written', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'duban-badcfg-'));
    const dataDir = join(parent, 'data');
    try {
      const stack = launchStack(
        stackEnv({
          DATABASE_URL: 'postgres://duban_app:secret@127.0.0.1:1/duban',
          AUDIT_KEY: DEPLOYMENT_KEYS.AUDIT_KEY,
          DATA_DIR: dataDir,
        }),
      );
      expect(await stack.exited).toEqual({ code: 2, signal: null });
      expect(stack.output().trim().split('\n')).toEqual([
        'Invalid configuration: ID_HASH_KEY is required outside demo mode (DATABASE_URL is set): set a secret of its own to this deployment, or DUBAN_DEMO=1 for demo data and demo keys',
      ]);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('npm run api without TEMPORAL_ADDRESS names what the role needs, exit 2', async () => {
    const api = launch(
      process.execPath,
      ['--import', 'tsx', 'scripts/start.ts', 'api'],
      stackEnv({ DATABASE_URL: 'postgres://duban_app:secret@127.0.0.1:1/duban', ...DEPLOYMENT_KEYS }),
    );
    expect(await api.exited).toEqual({ code: 2, signal: null });
    expect(api.output().trim()).toMatch(/^npm run api needs TEMPORAL_ADDRESS: the api role runs against an external/);
  });

  it.each([
    ['PORT', 'seventy', /^Invalid configuration: PORT .*\(got "seventy"\)$/],
    ['LOG_LEVEL', 'loud', /^Invalid configuration: LOG_LEVEL .*\(got "loud"\)$/],
    ['TEMPORAL_ADDRESS', 'http://temporal', /^Invalid configuration: TEMPORAL_ADDRESS must be host:port/],
    ['DATABASE_URL', 'mysql://db/x', /^Invalid configuration: DATABASE_URL must be a URL like/],
  ])('%s=%s is refused with a message naming the variable', (name, value, message) => {
    expect(() => loadEnv({ [name]: value })).toThrow(message);
  });

  it('empty variables count as unset and defaults apply', () => {
    const env = loadEnv({ PORT: '', TEMPORAL_NAMESPACE: '' });
    expect(env.PORT).toBe(3000);
    expect(env.TEMPORAL_NAMESPACE).toBe('default');
    expect(env.DATABASE_URL).toBeUndefined();
  });
});
