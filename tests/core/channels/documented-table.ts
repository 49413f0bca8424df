/**
 * Checks a value against structure tables copied from a platform's documentation (Markdown
 * `| Field | Type | Description |` tables under `###### <Name> Structure` headings), for the
 * keys no documented JSON example shows. A field name ending in `?` may be left out; a key the
 * table does not list, or a type this check cannot read, is a problem rather than a pass.
 */
export interface DocumentedField {
  readonly optional: boolean;
  /** The Type column as written, e.g. `integer` or `array of [embed field](…) objects`. */
  readonly type: string;
}

export type StructureTables = ReadonlyMap<string, ReadonlyMap<string, DocumentedField>>;

/** Every `###### … Structure` table of `markdown`, by heading, each field by name. */
export function structureTables(markdown: string): StructureTables {
  const tables = new Map<string, Map<string, DocumentedField>>();
  let current: Map<string, DocumentedField> | null = null;
  for (const line of markdown.split('\n')) {
    const heading = /^#{1,6}\s+(.+ Structure)\s*$/.exec(line);
    if (heading) tables.set(heading[1]!, (current = new Map()));
    else if (current && line.startsWith('|')) {
      const [name, type] = line.split('|').slice(1, 3).map((c) => c.trim());
      if (!name || !type || name === 'Field' || /^-+$/.test(name)) continue;
      current.set(name.replace(/\?$/, ''), { optional: name.endsWith('?'), type });
    }
  }
  return tables;
}

const structureName = (linkText: string): string => `${linkText.replace(/\b\w/g, (c) => c.toUpperCase())} Structure`;

function checkType(tables: StructureTables, type: string, value: unknown, path: string, problems: string[]): void {
  const bad = (): void => void problems.push(`${path}: documented as ${type}, got ${JSON.stringify(value)}`);
  const object = /^\[([^\]]+)\]\([^)]*\) object$/.exec(type);
  const array = /^array of \[([^\]]+)\]\([^)]*\) objects$/.exec(type);
  if (type === 'string') return typeof value === 'string' ? undefined : bad();
  if (type === 'integer') return Number.isInteger(value) ? undefined : bad();
  if (type === 'boolean') return typeof value === 'boolean' ? undefined : bad();
  if (type === 'ISO8601 timestamp') return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && Number.isFinite(Date.parse(value)) ? undefined : bad();
  if (object) return void problems.push(...tableProblems(tables, structureName(object[1]!), value, path));
  if (array) {
    if (!Array.isArray(value)) return bad();
    value.forEach((v, i) => problems.push(...tableProblems(tables, structureName(array[1]!), v, `${path}[${i}]`)));
    return;
  }
  problems.push(`${path}: the check cannot read the documented type "${type}"`);
}

/** Problems with `value` against the documented structure `table`, one line each; empty when it conforms. */
export function tableProblems(tables: StructureTables, table: string, value: unknown, path = '$'): string[] {
  const fields = tables.get(table);
  if (!fields) return [`${path}: no documented table "${table}"`];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: documented as ${table}, got ${JSON.stringify(value)}`];
  const problems: string[] = [];
  const record = value as Record<string, unknown>;
  for (const [name, field] of fields) if (!field.optional && !(name in record)) problems.push(`${path}.${name}: missing`);
  for (const [key, v] of Object.entries(record)) {
    const field = fields.get(key);
    if (!field) problems.push(`${path}.${key}: not a field of ${table}`);
    else checkType(tables, field.type, v, `${path}.${key}`, problems);
  }
  return problems;
}
