// Which address is the client's: the peer, or what trusted proxies say (TRUSTED_PROXIES).
import { describe, expect, it } from 'vitest';
import { clientAddress, proxyList } from './client-address.js';
import { ConfigError, loadEnv } from '../config/env.js';

describe('client address', () => {
  const trusted = proxyList(loadEnv({ TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.1 ,2001:db8::/32' }).TRUSTED_PROXIES);

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddress('203.0.113.9', '6.6.6.6', trusted)).toBe('203.0.113.9');
    expect(clientAddress('203.0.113.9', '6.6.6.6', proxyList([]))).toBe('203.0.113.9');
  });

  it('walks the chain from the right past trusted proxies (CIDR and IPv6 included) to the first untrusted address', () => {
    expect(clientAddress('10.1.1.1', '6.6.6.6, 198.51.100.4, 10.2.2.2, 192.0.2.1', trusted)).toBe('198.51.100.4');
    expect(clientAddress('2001:db8::1', '198.51.100.7', trusted)).toBe('198.51.100.7');
    expect(clientAddress('::ffff:10.1.1.1', '198.51.100.8', trusted)).toBe('198.51.100.8');
  });

  it('stops at a malformed entry (nothing left of it is vouched for) and at the left-most proxy when all are trusted', () => {
    expect(clientAddress('10.1.1.1', '6.6.6.6, not-an-ip, 10.2.2.2', trusted)).toBe('10.2.2.2');
    expect(clientAddress('10.1.1.1', '10.3.3.3, 10.2.2.2', trusted)).toBe('10.3.3.3');
    expect(clientAddress('10.1.1.1', undefined, trusted)).toBe('10.1.1.1');
    expect(clientAddress(undefined, '6.6.6.6', trusted)).toBeUndefined();
  });

  it('TRUSTED_PROXIES is empty by default and refuses entries that are not addresses or ranges', () => {
    expect(loadEnv({}).TRUSTED_PROXIES).toEqual([]);
    expect(() => loadEnv({ TRUSTED_PROXIES: '10.0.0.0/8,proxy.example.org' })).toThrow(ConfigError);
    expect(() => loadEnv({ TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/TRUSTED_PROXIES/);
  });
});
