import { describe, expect, it } from 'vitest';
import { groupsFromClaim, parseRoleMap, roleForGroups, roleMapFromJson, roleMapToJson } from '../../src/core/sso-roles.js';

describe('single sign-on role mapping', () => {
  const parsed = parseRoleMap('ops = editor\n\n  admins = owner \nstaff=viewer');
  if (!parsed.ok) throw new Error(parsed.message);

  it('gives the most powerful mapped role, and none without a mapped group', () => {
    expect(roleForGroups(parsed.entries, ['staff', 'ops'])).toBe('editor');
    expect(roleForGroups(parsed.entries, ['staff', 'admins'])).toBe('owner');
    expect(roleForGroups(parsed.entries, ['marketing'])).toBeNull();
    expect(roleForGroups(parsed.entries, [])).toBeNull();
    expect(roleForGroups([], ['admins'])).toBeNull();
  });

  it('maps a group to the reader role, the least of all: any other mapped group wins', () => {
    const withReaders = parseRoleMap('everyone = reader\nstaff = viewer');
    if (!withReaders.ok) throw new Error(withReaders.message);
    expect(withReaders.entries).toEqual([{ group: 'everyone', role: 'reader' }, { group: 'staff', role: 'viewer' }]);
    expect(roleForGroups(withReaders.entries, ['everyone'])).toBe('reader');
    expect(roleForGroups(withReaders.entries, ['everyone', 'staff'])).toBe('viewer');
    expect(roleMapFromJson(roleMapToJson(withReaders.entries))).toEqual(withReaders.entries);
  });

  it('refuses lines that are not “group = role” with the line number', () => {
    expect(parseRoleMap('ops = editor\nadmins = superuser')).toEqual({ ok: false, message: expect.stringContaining('Line 2') });
    expect(parseRoleMap('= viewer').ok).toBe(false);
  });

  it('round-trips through storage, and reads damaged storage as no mapping', () => {
    expect(roleMapFromJson(roleMapToJson(parsed.entries))).toEqual(parsed.entries);
    expect(roleMapFromJson('{not json')).toEqual([]);
    expect(roleMapFromJson('[["x","root"]]')).toEqual([]);
  });

  it('reads a claim as a list or a single string, anything else as no groups', () => {
    expect(groupsFromClaim(['a', 1, 'b'])).toEqual(['a', 'b']);
    expect(groupsFromClaim('example.com')).toEqual(['example.com']);
    expect(groupsFromClaim({ a: 1 })).toEqual([]);
  });
});
