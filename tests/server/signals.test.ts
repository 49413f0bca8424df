import { afterEach, describe, expect, it, vi } from 'vitest';
import { announce, listen, SIGNALS } from '../../src/server/signals.js';

const stops: (() => void)[] = [];
function track(stop: () => void): () => void {
  stops.push(stop);
  return stop;
}
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

describe('signals', () => {
  it('has one signal so far: outbox', () => {
    expect(SIGNALS).toEqual(['outbox']);
  });

  it('calls every listener once per announcement', () => {
    const a = vi.fn();
    const b = vi.fn();
    track(listen('outbox', a));
    track(listen('outbox', b));
    announce('outbox');
    announce('outbox');
    expect(a).toHaveBeenCalledTimes(2);
    expect(b).toHaveBeenCalledTimes(2);
  });

  it('stops calling a listener once it stopped listening, leaving the others', () => {
    const a = vi.fn();
    const b = vi.fn();
    const stopA = track(listen('outbox', a));
    track(listen('outbox', b));
    stopA();
    announce('outbox');
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledOnce();
  });

  it('is quiet without listeners', () => {
    expect(() => announce('outbox')).not.toThrow();
  });

  it('keeps a throwing listener from stopping the others or the announcer', () => {
    const after = vi.fn();
    track(
      listen('outbox', () => {
        throw new Error('worker gone');
      }),
    );
    track(listen('outbox', after));
    expect(() => announce('outbox')).not.toThrow();
    expect(after).toHaveBeenCalledOnce();
  });

  it('reaches listeners registered through another copy of the module (a second module graph)', async () => {
    vi.resetModules();
    // After resetModules the import evaluates the file again: a second, independent module instance.
    const copy = await import('../../src/server/signals.js');
    expect(copy.announce).not.toBe(announce);
    const heard = vi.fn();
    track(copy.listen('outbox', heard));
    announce('outbox');
    expect(heard).toHaveBeenCalledOnce();
    const heardHere = vi.fn();
    track(listen('outbox', heardHere));
    copy.announce('outbox');
    expect(heardHere).toHaveBeenCalledOnce();
    expect(heard).toHaveBeenCalledTimes(2);
  });
});
