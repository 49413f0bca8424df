import { describe, expect, it } from 'vitest';
import { rateLimitAddress, UNVERIFIED_FORWARDED } from '../../../src/server/auth/client-address.js';

const request = (headers: Record<string, string> = {}): Request => new Request('http://localhost/admin/login', { headers });

describe('rateLimitAddress', () => {
  it('uses the connection address when no forwarded header came', () => {
    expect(rateLimitAddress('203.0.113.7', request(), false)).toBe('203.0.113.7');
  });

  it('puts every untrusted forwarded claim in one shared bucket, whatever address it names', () => {
    expect(rateLimitAddress('198.51.100.1', request({ 'x-forwarded-for': '198.51.100.1' }), false)).toBe(UNVERIFIED_FORWARDED);
    expect(rateLimitAddress('198.51.100.2', request({ 'x-forwarded-for': '198.51.100.2, 10.0.0.1' }), false)).toBe(UNVERIFIED_FORWARDED);
  });

  it('trusts the forwarded address behind a configured proxy', () => {
    expect(rateLimitAddress('198.51.100.1', request({ 'x-forwarded-for': '198.51.100.1' }), true)).toBe('198.51.100.1');
  });
});
