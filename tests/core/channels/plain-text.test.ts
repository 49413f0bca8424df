import { describe, expect, it } from 'vitest';
import { markdownToPlainText } from '../../../src/core/channels/plain-text.js';

describe('markdownToPlainText', () => {
  it.each<[string, string]>([
    ['**Fixed** the _cache_ and `redis`.', 'Fixed the cache and redis.'],
    ['## Impact\nSome users', 'Impact\nSome users'],
    ['See [the runbook](https://example.com/rb).', 'See the runbook (https://example.com/rb).'],
    ['<https://example.com>', '<https://example.com>'],
    ['> quoted\n\n\n\nnext', 'quoted\n\nnext'],
    ['snake_case_name stays', 'snake_case_name stays'],
    ['2 * 3 * 4', '2 * 3 * 4'],
  ])('%j → %j', (md, text) => {
    expect(markdownToPlainText(md)).toBe(text);
  });
});
