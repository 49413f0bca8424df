import type { ComponentChoice } from './incident-editor.js';

/** Components as the picker shows them: top-level ones, then each group's (a null name is the top level), in page order. */
export interface PickerGroup {
  readonly name: string | null;
  readonly components: readonly ComponentChoice[];
}

/** Consecutive components of one group in one block; the page order is kept. */
export function componentGroupsOf(components: readonly ComponentChoice[]): PickerGroup[] {
  const out: { name: string | null; components: ComponentChoice[] }[] = [];
  for (const c of components) {
    const last = out[out.length - 1];
    if (last && last.name === c.groupName) last.components.push(c);
    else out.push({ name: c.groupName, components: [c] });
  }
  return out;
}
