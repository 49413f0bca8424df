import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/server/config.js';

describe('readConfig', () => {
  it('has a safe default for everything', () => {
    expect(readConfig({})).toEqual({
      databasePath: './data/beacon.db',
      publicUrl: null,
      listenUrl: 'http://localhost:4321',
      sessionSecure: null,
      trustProxy: false,
      smtpUrl: null,
      mailFrom: 'status@localhost',
      mailPoolSize: 5,
      outboxLeaseMs: 120_000,
      publishStaleSeconds: 300,
      staticExportDir: null,
      apiRatePerSecond: 10,
      outboundAllowPrivate: false,
      upstreamPollSeconds: 60,
      oidc: null,
      forcePrivate: false,
    });
  });

  it('treats blank values as unset', () => {
    expect(readConfig({ DATABASE_PATH: '  ', PUBLIC_URL: ' ', HOST: '', PORT: ' ' })).toEqual({
      databasePath: './data/beacon.db',
      publicUrl: null,
      listenUrl: 'http://localhost:4321',
      sessionSecure: null,
      trustProxy: false,
      smtpUrl: null,
      mailFrom: 'status@localhost',
      mailPoolSize: 5,
      outboxLeaseMs: 120_000,
      publishStaleSeconds: 300,
      staticExportDir: null,
      apiRatePerSecond: 10,
      outboundAllowPrivate: false,
      upstreamPollSeconds: 60,
      oidc: null,
      forcePrivate: false,
    });
  });

  it.each([
    ['true', true],
    [' false ', false],
    ['yes', null],
    ['', null],
  ])('SESSION_SECURE=%j forces the cookie flag to %s (anything else: decided per request)', (value, expected) => {
    expect(readConfig({ SESSION_SECURE: value }).sessionSecure).toBe(expected);
  });

  it.each([
    ['true', true],
    ['1', false],
    ['', false],
  ])('TRUST_PROXY=%j trusts X-Forwarded-For: %s', (value, expected) => {
    expect(readConfig({ TRUST_PROXY: value }).trustProxy).toBe(expected);
  });

  it.each([
    ['true', true],
    ['1', false],
    ['', false],
  ])('OUTBOUND_ALLOW_PRIVATE=%j lets outbound requests reach private addresses: %s', (value, expected) => {
    expect(readConfig({ OUTBOUND_ALLOW_PRIVATE: value }).outboundAllowPrivate).toBe(expected);
  });

  it.each([
    ['5', 5],
    ['0', 60],
    ['86400', 60],
    ['x', 60],
  ])('UPSTREAM_POLL_SECONDS=%j polls every %d s (out of 1–3600: the default)', (value, expected) => {
    expect(readConfig({ UPSTREAM_POLL_SECONDS: value }).upstreamPollSeconds).toBe(expected);
  });

  it('reads DATABASE_PATH, trimmed', () => {
    expect(readConfig({ DATABASE_PATH: ' /var/lib/beacon/status.db\n' }).databasePath).toBe('/var/lib/beacon/status.db');
  });

  it.each([
    ['https://status.example.com', 'https://status.example.com'],
    ['https://status.example.com/', 'https://status.example.com'],
    ['https://status.example.com///', 'https://status.example.com'],
    [' https://example.com/status/ ', 'https://example.com/status'],
  ])('reads PUBLIC_URL %j as %j (trimmed, no trailing slash)', (value, expected) => {
    expect(readConfig({ PUBLIC_URL: value }).publicUrl).toBe(expected);
  });

  it.each([
    [{}, 'http://localhost:4321'],
    [{ HOST: '0.0.0.0' }, 'http://localhost:4321'],
    [{ HOST: '::' }, 'http://localhost:4321'],
    [{ HOST: '127.0.0.1' }, 'http://127.0.0.1:4321'],
    [{ HOST: '::1' }, 'http://[::1]:4321'],
    [{ HOST: 'fe80::1', PORT: '8080' }, 'http://[fe80::1]:8080'],
    [{ HOST: 'status.internal', PORT: '8080' }, 'http://status.internal:8080'],
    [{ PORT: '3000' }, 'http://localhost:3000'],
    [{ HOST: ' 0.0.0.0 ', PORT: ' 80 ' }, 'http://localhost:80'],
  ])('derives listenUrl from %j as %s', (env, expected) => {
    expect(readConfig(env).listenUrl).toBe(expected);
  });

  it('produces a listen URL the URL parser accepts, for IPv6 too', () => {
    for (const HOST of ['localhost', '::1', 'fe80::1', '0.0.0.0', '::']) {
      expect(() => new URL(readConfig({ HOST, PORT: '4321' }).listenUrl)).not.toThrow();
    }
  });

  it('reads only the environment it is given', () => {
    const env = { PORT: '1234' };
    const before = { ...env };
    readConfig(env);
    expect(env).toEqual(before);
    expect(readConfig({}).listenUrl).toBe('http://localhost:4321');
  });

  it('reads the mail settings, with the From domain taken from PUBLIC_URL when MAIL_FROM is unset', () => {
    expect(readConfig({ SMTP_URL: ' smtp://relay:25 ', PUBLIC_URL: 'https://status.acme.example/' })).toMatchObject({
      smtpUrl: 'smtp://relay:25',
      mailFrom: 'status@status.acme.example',
    });
    expect(readConfig({ MAIL_FROM: 'Acme <ops@acme.example>' }).mailFrom).toBe('Acme <ops@acme.example>');
  });

  it.each([
    ['12', 12],
    ['0', 5],
    ['51', 5],
    ['2.5', 5],
    ['lots', 5],
  ])('MAIL_POOL_SIZE=%j gives a pool of %d (out of range or not a whole number: the default)', (value, expected) => {
    expect(readConfig({ MAIL_POOL_SIZE: value }).mailPoolSize).toBe(expected);
  });
});
