import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const SOURCE = readFileSync(new URL('../../../src/server/embed/widget.js', import.meta.url), 'utf8');

describe('widget.js as a file', () => {
  it('is under 4 KB gzipped', () => {
    expect(gzipSync(SOURCE).length).toBeLessThan(4096);
  });

  it('is a classic script (no import/export), so it runs from a plain <script async>', () => {
    // Throws on a syntax error, including module syntax, without running anything.
    expect(() => new Function(SOURCE)).not.toThrow();
  });

  it('never builds HTML from strings and never logs', () => {
    expect(SOURCE).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
    expect(SOURCE).not.toMatch(/console\./);
  });

  it('asks for data without cookies', () => {
    expect(SOURCE).toContain("credentials: 'omit'");
  });
});

/** Runs the widget in a bare context standing in for odd host pages. */
function run(globals: Record<string, unknown>): void {
  runInNewContext(SOURCE, globals);
}

describe('widget.js never throws', () => {
  it('with no DOM at all', () => {
    expect(() => run({})).not.toThrow();
  });

  it('when it cannot find its own script element (e.g. injected as a module)', () => {
    expect(() => run({ document: { currentScript: null }, HTMLScriptElement: class {}, fetch: () => Promise.reject(new Error('x')) })).not.toThrow();
  });

  it('when the script element has a src the URL parser rejects', () => {
    class HTMLScriptElement {
      src = 'not a url';
      getAttribute(): null {
        return null;
      }
    }
    let fetched = false;
    expect(() =>
      run({
        document: { currentScript: new HTMLScriptElement() },
        HTMLScriptElement,
        URL,
        fetch: () => ((fetched = true), Promise.reject(new Error('x'))),
      }),
    ).not.toThrow();
    expect(fetched).toBe(false);
  });

  it('asks the summary next to the script, and swallows a failed fetch', async () => {
    class HTMLScriptElement {
      src = 'https://status.example.com/beacon/embed.js?v=2';
      getAttribute(): null {
        return null;
      }
    }
    const calls: [string, RequestInit][] = [];
    let rejected!: Promise<unknown>;
    run({
      document: { currentScript: new HTMLScriptElement(), hidden: false },
      HTMLScriptElement,
      URL,
      setTimeout: () => 0,
      fetch: (url: string, init: RequestInit) => {
        calls.push([url, init]);
        rejected = Promise.reject(new TypeError('Failed to fetch'));
        return rejected;
      },
    });
    expect(calls).toEqual([['https://status.example.com/beacon/api/v2/summary.json', { credentials: 'omit', cache: 'no-cache' }]]);
    // Let the chain settle; an unhandled rejection would fail the test run.
    await rejected.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 10));
  });
});
