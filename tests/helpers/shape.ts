/**
 * Recursive shape check against a sample response: every key the sample has must be in
 * ours with a compatible type. Array elements are checked against the sample's elements
 * merged: keys all sample elements share are required, keys only some have are checked
 * when present. A sample value of null means "nullable": ours may be null or, when the
 * sample never shows another type for that key, a string (Statuspage's nullable times).
 */
type Kind = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';

const kindOf = (v: unknown): Kind =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as 'string' | 'number' | 'boolean' | 'object');

interface Shape {
  kinds: Set<Kind>;
  /** For objects: each key's shape and whether every sample object had it. */
  keys?: Map<string, { shape: Shape; required: boolean }>;
  /** For arrays: the merged shape of all elements, when any. */
  element?: Shape;
}

function shapeOf(samples: readonly unknown[]): Shape {
  const shape: Shape = { kinds: new Set(samples.map(kindOf)) };
  const objects = samples.filter((s): s is Record<string, unknown> => kindOf(s) === 'object');
  if (objects.length > 0) {
    const names = new Set(objects.flatMap((o) => Object.keys(o)));
    shape.keys = new Map(
      [...names].map((k) => [
        k,
        { shape: shapeOf(objects.filter((o) => k in o).map((o) => o[k])), required: objects.every((o) => k in o) },
      ]),
    );
  }
  const elements = samples.filter(Array.isArray).flat();
  if (elements.length > 0) shape.element = shapeOf(elements);
  return shape;
}

function check(shape: Shape, value: unknown, path: string, problems: string[]): void {
  const kind = kindOf(value);
  const onlyNull = shape.kinds.size === 1 && shape.kinds.has('null');
  const allowed = onlyNull ? new Set<Kind>(['null', 'string']) : shape.kinds;
  if (!allowed.has(kind)) {
    problems.push(`${path}: expected ${[...allowed].join(' | ')}, got ${kind}`);
    return;
  }
  if (kind === 'object' && shape.keys) {
    const obj = value as Record<string, unknown>;
    for (const [k, { shape: sub, required }] of shape.keys) {
      if (!(k in obj)) {
        if (required) problems.push(`${path}.${k}: missing`);
        continue;
      }
      check(sub, obj[k], `${path}.${k}`, problems);
    }
  }
  if (kind === 'array' && shape.element) {
    (value as unknown[]).forEach((v, i) => check(shape.element!, v, `${path}[${i}]`, problems));
  }
}

/** Problems found comparing `ours` with `sample`, one line each; empty when ours conforms. */
export function shapeProblems(sample: unknown, ours: unknown): string[] {
  const problems: string[] = [];
  check(shapeOf([sample]), ours, '$', problems);
  return problems;
}
