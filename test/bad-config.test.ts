import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../config/env.js';
import { launchStack, stackEnv } from './support/processes.js';

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
