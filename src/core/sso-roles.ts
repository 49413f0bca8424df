import { isRole, ROLES, type Role } from './policy.js';

/** One line of the owner's mapping: people in `group` get `role`. */
export interface GroupRole {
  readonly group: string;
  readonly role: Role;
}

/** Lines in the mapping, and the length of a group name, at most: bounds what an owner can store. */
export const MAX_GROUP_ROLES = 100;
export const MAX_GROUP_LENGTH = 200;

export type ParsedRoleMap = { readonly ok: true; readonly entries: readonly GroupRole[] } | { readonly ok: false; readonly message: string };

/** Parses the owner's text, one `group = role` a line (blank lines ignored). */
export function parseRoleMap(text: string): ParsedRoleMap {
  const entries: GroupRole[] = [];
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length > MAX_GROUP_ROLES) return { ok: false, message: `Map at most ${MAX_GROUP_ROLES} groups.` };
  for (const [i, line] of lines.entries()) {
    const at = line.lastIndexOf('=');
    const group = at === -1 ? '' : line.slice(0, at).trim();
    const role = at === -1 ? '' : line.slice(at + 1).trim().toLowerCase();
    if (group === '' || group.length > MAX_GROUP_LENGTH || !isRole(role)) {
      return { ok: false, message: `Line ${i + 1} should read “group = role”, the role one of ${ROLES.join(', ')}.` };
    }
    entries.push({ group, role });
  }
  return { ok: true, entries };
}

export function formatRoleMap(entries: readonly GroupRole[]): string {
  return entries.map((e) => `${e.group} = ${e.role}`).join('\n');
}

/** Reads the stored JSON; anything unexpected counts as no mapping, so it can only ever refuse. */
export function roleMapFromJson(json: string | null): readonly GroupRole[] {
  if (!json) return [];
  try {
    const raw: unknown = JSON.parse(json);
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((e: unknown) =>
      Array.isArray(e) && typeof e[0] === 'string' && isRole(e[1]) ? [{ group: e[0], role: e[1] }] : [],
    );
  } catch {
    return [];
  }
}

export function roleMapToJson(entries: readonly GroupRole[]): string {
  return JSON.stringify(entries.map((e) => [e.group, e.role]));
}

/**
 * The groups a claim lists: an array of strings, or one string (some providers send a single
 * group, or a domain such as Google's `hd`, as a plain string). Anything else lists none.
 */
export function groupsFromClaim(value: unknown): readonly string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/**
 * The role single sign-on gives: the most powerful one any of the person's groups maps to
 * (ROLES lists the most powerful first), or null — never a default role.
 */
export function roleForGroups(entries: readonly GroupRole[], groups: readonly string[]): Role | null {
  const have = new Set(groups);
  const granted = new Set(entries.filter((e) => have.has(e.group)).map((e) => e.role));
  return ROLES.find((r) => granted.has(r)) ?? null;
}
