import { describe, expect, it } from 'vitest';
import { COMPONENT_STATUSES, type ComponentStatus } from '../../../src/core/component-status.js';
import { derivePageStatus, INDICATORS, type Indicator } from '../../../src/core/indicator.js';
import {
  BADGE_STYLES,
  componentBadge,
  errorBadge,
  INDICATOR_COLOURS,
  isBadgeFormat,
  MAX_LABEL_LENGTH,
  normaliseLabel,
  pageBadge,
  parseBadgeStyle,
  STATUS_COLOURS,
  unknownBadge,
} from '../../../src/server/badges/badge-model.js';

/** Expected per status, written out so a changed colour or label shows up here. */
const BY_STATUS: Record<ComponentStatus, { message: string; color: string }> = {
  operational: { message: 'operational', color: '#1f9254' },
  degraded_performance: { message: 'degraded performance', color: '#b8860b' },
  partial_outage: { message: 'partial outage', color: '#e06c00' },
  major_outage: { message: 'major outage', color: '#d12f2f' },
  under_maintenance: { message: 'under maintenance', color: '#2f6fde' },
};

const BY_INDICATOR: Record<Indicator, string> = {
  none: '#1f9254',
  minor: '#b8860b',
  major: '#e06c00',
  critical: '#d12f2f',
  maintenance: '#2f6fde',
};

describe('component badge', () => {
  it('covers every component status, and only those', () => {
    expect(Object.keys(STATUS_COLOURS).sort()).toEqual([...COMPONENT_STATUSES].sort());
    expect(Object.keys(BY_STATUS).sort()).toEqual([...COMPONENT_STATUSES].sort());
  });

  it.each(COMPONENT_STATUSES)('%s → its lower-cased label and colour, named after the component', (status) => {
    expect(componentBadge({ name: 'REST API', status }, null)).toEqual({ label: 'REST API', ...BY_STATUS[status] });
  });

  it('uses a chosen label instead of the name, even an empty one', () => {
    expect(componentBadge({ name: 'REST API', status: 'major_outage' }, 'api').label).toBe('api');
    expect(componentBadge({ name: 'REST API', status: 'major_outage' }, '').label).toBe('');
  });

  it('gives each status its own colour', () => {
    expect(new Set(Object.values(STATUS_COLOURS)).size).toBe(COMPONENT_STATUSES.length);
  });
});

describe('page badge', () => {
  it('covers every indicator, and only those', () => {
    expect(Object.keys(INDICATOR_COLOURS).sort()).toEqual([...INDICATORS].sort());
  });

  it.each(INDICATORS)('indicator %s → its colour', (indicator) => {
    const badge = pageBadge({ indicator, description: 'Anything' }, null);
    expect(badge.color).toBe(BY_INDICATOR[indicator]);
  });

  it.each<[ComponentStatus[], string, string]>([
    [['operational'], 'all systems operational', '#1f9254'],
    [['degraded_performance', 'operational'], 'partially degraded service', '#b8860b'],
    [['degraded_performance'], 'degraded system service', '#b8860b'],
    [['partial_outage', 'operational'], 'minor service outage', '#b8860b'],
    [['partial_outage'], 'partial system outage', '#e06c00'],
    [['major_outage', 'operational'], 'partial system outage', '#e06c00'],
    [['major_outage'], 'major system outage', '#d12f2f'],
    [['under_maintenance', 'operational'], 'service under maintenance', '#2f6fde'],
  ])('leaves %j → "status | %s" in %s', (leaves, message, color) => {
    expect(pageBadge(derivePageStatus(leaves, []), null)).toEqual({ label: 'status', message, color });
  });

  it('uses a chosen label', () => {
    expect(pageBadge({ indicator: 'none', description: 'All Systems Operational' }, 'acme').label).toBe('acme');
  });
});

describe('unknown and error badges', () => {
  it('an unknown component is a grey "unknown" that does not repeat the slug', () => {
    expect(unknownBadge(null)).toEqual({ label: 'status', message: 'unknown', color: '#9f9f9f' });
    expect(unknownBadge('db')).toEqual({ label: 'db', message: 'unknown', color: '#9f9f9f' });
  });

  it('an error badge is red and says what is wrong', () => {
    expect(errorBadge('style must be flat')).toEqual({ label: 'badge', message: 'style must be flat', color: '#e05d44' });
  });
});

describe('?label=', () => {
  it('absent means "use the default"', () => {
    expect(normaliseLabel(null)).toBeNull();
  });

  it('empty stays empty (a message-only badge, as on shields.io)', () => {
    expect(normaliseLabel('')).toBe('');
    expect(normaliseLabel('   ')).toBe('');
  });

  it('collapses whitespace and drops control characters', () => {
    expect(normaliseLabel('  my\t\tapi\n status\u0000 ')).toBe('my api status');
  });

  it(`keeps ${MAX_LABEL_LENGTH} characters as they are`, () => {
    const exact = 'a'.repeat(MAX_LABEL_LENGTH);
    expect(normaliseLabel(exact)).toBe(exact);
  });

  it('cuts a longer label with an ellipsis, to exactly the limit', () => {
    const cut = normaliseLabel('b'.repeat(MAX_LABEL_LENGTH + 1))!;
    expect(Array.from(cut)).toHaveLength(MAX_LABEL_LENGTH);
    expect(cut).toBe(`${'b'.repeat(MAX_LABEL_LENGTH - 1)}…`);
  });

  it('counts characters, not UTF-16 units, so an emoji is never split', () => {
    const label = '🚀'.repeat(MAX_LABEL_LENGTH + 5);
    const cut = normaliseLabel(label)!;
    expect(cut).toBe(`${'🚀'.repeat(MAX_LABEL_LENGTH - 1)}…`);
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe('?style=', () => {
  it('absent or empty means flat', () => {
    expect(parseBadgeStyle(null)).toEqual({ ok: true, style: 'flat' });
    expect(parseBadgeStyle('')).toEqual({ ok: true, style: 'flat' });
  });

  it.each(BADGE_STYLES)('accepts %s', (style) => {
    expect(parseBadgeStyle(style)).toEqual({ ok: true, style });
  });

  it.each(['plastic', 'social', 'FLAT', 'flat ', '<x>'])('refuses %j, naming the choices', (raw) => {
    expect(parseBadgeStyle(raw)).toEqual({ ok: false, message: 'style must be flat, flat-square or for-the-badge' });
  });
});

describe('formats', () => {
  it.each([
    ['svg', true],
    ['json', true],
    ['png', false],
    ['SVG', false],
    ['', false],
    [undefined, false],
  ])('%j → %s', (value, expected) => {
    expect(isBadgeFormat(value)).toBe(expected);
  });
});
