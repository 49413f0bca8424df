import { afterEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

let receiver: WebhookReceiver | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});

describe('webhook receiver (test helper)', () => {
  it('records headers and the exact raw body, and answers 200 by default', async () => {
    receiver = await startWebhookReceiver();
    const body = '{"a": 1,  "b":"é"}';
    const res = await fetch(`${receiver.url}/hook?x=1`, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1' }, body });
    expect(res.status).toBe(200);
    const [got] = receiver.requests;
    expect(got?.path).toBe('/hook?x=1');
    expect(got?.headers['webhook-id']).toBe('msg_1');
    expect(got?.rawBody.toString('utf8')).toBe(body);
    expect(got?.json).toEqual({ a: 1, b: 'é' });
  });

  it('answers with the status it is told, per request when asked', async () => {
    receiver = await startWebhookReceiver({ status: 503 });
    expect((await fetch(receiver.url, { method: 'POST', body: 'x' })).status).toBe(503);
    receiver.respond = (_r, i) => ({ status: i < 2 ? 500 : 204 });
    expect((await fetch(receiver.url, { method: 'POST', body: 'x' })).status).toBe(500);
    expect((await fetch(receiver.url, { method: 'POST', body: 'x' })).status).toBe(204);
    expect(receiver.requests).toHaveLength(3);
  });

  it('delays its answer', async () => {
    receiver = await startWebhookReceiver({ delayMs: 300 });
    const aborted = fetch(receiver.url, { method: 'POST', body: 'x', signal: AbortSignal.timeout(50) });
    await expect(aborted).rejects.toThrow();
    await receiver.waitFor(1);
  });

  it('drops the connection without answering', async () => {
    receiver = await startWebhookReceiver({ drop: true });
    await expect(fetch(receiver.url, { method: 'POST', body: 'x' })).rejects.toThrow();
    expect(receiver.requests).toHaveLength(1);
  });

  it('waitFor rejects when too few requests arrive', async () => {
    receiver = await startWebhookReceiver();
    await expect(receiver.waitFor(1, 50)).rejects.toThrow(/0 of 1/);
  });
});
