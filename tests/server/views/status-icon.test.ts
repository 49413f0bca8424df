import { describe, expect, it } from 'vitest';
import { COMPONENT_STATUSES } from '../../../src/core/component-status.js';
import { INDICATORS } from '../../../src/core/indicator.js';
import { ICON_SHAPES, iconSymbolId, statusIconHref } from '../../../src/server/views/status-icon.js';

describe('statusIconHref', () => {
  it('names a symbol of the sprite for every component status and page indicator', () => {
    const ids = new Set(ICON_SHAPES.map((s) => `#${iconSymbolId(s)}`));
    for (const kind of [...COMPONENT_STATUSES, ...INDICATORS]) expect(ids.has(statusIconHref(kind)), kind).toBe(true);
  });

  it('gives each component status its own shape, so none depends on colour alone', () => {
    const hrefs = COMPONENT_STATUSES.map(statusIconHref);
    expect(new Set(hrefs).size).toBe(COMPONENT_STATUSES.length);
    expect(new Set(INDICATORS.map(statusIconHref)).size).toBe(INDICATORS.length);
  });

  it('draws an indicator like the component status it stands for', () => {
    expect(statusIconHref('none')).toBe(statusIconHref('operational'));
    expect(statusIconHref('critical')).toBe(statusIconHref('major_outage'));
    expect(statusIconHref('maintenance')).toBe(statusIconHref('under_maintenance'));
  });
});
