import { describe, expect, it } from 'vitest';
import { rowRuns, type FrontRow } from '../../../../src/server/views/front-page/front-rows.js';
import type { ComponentView } from '../../../../src/server/views/component-tree.js';

const cached = (id: string, html: string): FrontRow => ({ kind: 'cached', id, html: Buffer.from(html) });
const render = (id: string): FrontRow => ({ kind: 'render', id, view: { id } as unknown as ComponentView, keep: () => undefined });

describe('rowRuns', () => {
  it('joins consecutive kept rows in page order, drops hidden ones, and keeps rows to render where they stand', () => {
    const runs = rowRuns([cached('a', '<a>'), cached('h', ''), cached('b', '<b>'), render('c'), cached('d', '<d>'), cached('e', '<e>')]);
    expect(runs.map((r) => [r.kind, r.id, r.kind === 'cached' ? Buffer.from(r.html).toString() : null])).toEqual([
      ['cached', 'a', '<a><b>'],
      ['render', 'c', null],
      ['cached', 'd', '<d><e>'],
    ]);
  });

  it('is empty when no row is visible', () => {
    expect(rowRuns([cached('h', ''), cached('i', '')])).toEqual([]);
  });
});
