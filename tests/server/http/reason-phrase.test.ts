import { describe, expect, it } from 'vitest';
import { withReasonPhrase } from '../../../src/server/http/reason-phrase.js';

describe('withReasonPhrase', () => {
  it('gives a status left with the default "OK" text its standard phrase, keeping body and headers', async () => {
    const out = withReasonPhrase(new Response('form again', { status: 400, statusText: 'OK', headers: { 'x-kept': '1' } }));
    expect([out.status, out.statusText, out.headers.get('x-kept'), await out.text()]).toEqual([400, 'Bad Request', '1', 'form again']);
    expect(withReasonPhrase(new Response(null, { status: 303, statusText: 'OK' })).statusText).toBe('See Other');
  });

  it('leaves 200 and any phrase a route chose itself', () => {
    const ok = new Response('x');
    expect(withReasonPhrase(ok)).toBe(ok);
    const own = new Response(null, { status: 429, statusText: 'Slow down' });
    expect(withReasonPhrase(own)).toBe(own);
  });
});
