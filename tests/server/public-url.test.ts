import { describe, expect, it } from 'vitest';
import { publicBaseUrl } from '../../src/server/public-url.js';

const LISTEN = 'http://localhost:4321';

describe('publicBaseUrl', () => {
  it('prefers PUBLIC_URL, then the page URL, then the listen URL', () => {
    expect(publicBaseUrl('https://public.example.com', 'https://page.example.org', LISTEN)).toBe('https://public.example.com');
    expect(publicBaseUrl(null, 'https://page.example.org', LISTEN)).toBe('https://page.example.org');
    expect(publicBaseUrl(null, null, LISTEN)).toBe(LISTEN);
  });

  it('returns the listen URL exactly as given when nothing is configured', () => {
    expect(publicBaseUrl(null, null, 'http://[::1]:8080')).toBe('http://[::1]:8080');
    expect(publicBaseUrl('', '', 'http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000');
  });

  it('keeps a path prefix without its trailing slashes', () => {
    expect(publicBaseUrl('https://example.com/status/', null, LISTEN)).toBe('https://example.com/status');
    expect(publicBaseUrl('https://example.com/status', null, LISTEN)).toBe('https://example.com/status');
    expect(publicBaseUrl(null, 'https://example.com/a/b///', LISTEN)).toBe('https://example.com/a/b');
  });

  it('gives a bare origin for a root URL, keeping a non-default port', () => {
    expect(publicBaseUrl('https://example.com/', null, LISTEN)).toBe('https://example.com');
    expect(publicBaseUrl('https://example.com', null, LISTEN)).toBe('https://example.com');
    expect(publicBaseUrl('http://status.internal:8080/', null, LISTEN)).toBe('http://status.internal:8080');
    expect(publicBaseUrl('https://example.com:443/', null, LISTEN)).toBe('https://example.com');
  });

  it('drops query, fragment and credentials, which would break every link built on it', () => {
    expect(publicBaseUrl('https://user:secret@example.com/status/?utm=x#top', null, LISTEN)).toBe('https://example.com/status');
  });

  it.each(['ftp://example.com', 'javascript:alert(1)', 'mailto:ops@example.com', 'file:///etc/passwd', 'data:text/html,hi'])(
    'ignores the non-http(s) URL %s',
    (bad) => {
      expect(publicBaseUrl(bad, 'https://page.example.org', LISTEN)).toBe('https://page.example.org');
      expect(publicBaseUrl(null, bad, LISTEN)).toBe(LISTEN);
    },
  );

  it.each(['not a url', 'example.com', '//example.com/status', 'https://', 'http://exa mple.com'])('ignores the malformed URL %j', (bad) => {
    expect(publicBaseUrl(bad, 'https://page.example.org/status', LISTEN)).toBe('https://page.example.org/status');
    expect(publicBaseUrl(null, bad, LISTEN)).toBe(LISTEN);
    expect(publicBaseUrl(bad, bad, LISTEN)).toBe(LISTEN);
  });
});
