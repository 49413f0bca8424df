import { expect } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { send } from './http.js';
import { PEOPLE, type Person } from './people.js';

/** Signs one of the test people in; returns the session token. */
export async function signIn(base: string, who: Person): Promise<string> {
  const r = await send(base, '/admin/login', { form: { email: PEOPLE[who].email, password: PEOPLE[who].password } });
  expect(r.status, r.html).toBe(303);
  return r.token!;
}

/** Opens the served database file for a moment (the server keeps running on it). */
export function withDb<T>(path: string, f: (db: ReturnType<typeof openDatabase>['db']) => T): T {
  const h = openDatabase(path);
  try {
    return f(h.db);
  } finally {
    h.close();
  }
}

export function unescapeHtml(s: string): string {
  return s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&#x27;', "'").replaceAll('&amp;', '&');
}

const escapeName = (name: string): string => name.replace(/[.*+?^${}()|[\]\\:]/g, '\\$&');

/** The value of the first <input name=…> in the HTML ('' when it has none), or undefined when absent. */
export function inputValue(html: string, name: string): string | undefined {
  const tag = new RegExp(`<input[^>]*name="${escapeName(name)}"[^>]*>`).exec(html)?.[0];
  if (!tag) return undefined;
  // Astro leaves out an empty value attribute.
  const m = /value="([^"]*)"/.exec(tag);
  return m ? unescapeHtml(m[1]!) : '';
}

/** Whether the first checkbox or radio named `name` (with `value`, if given) is checked; undefined when absent. */
export function isChecked(html: string, name: string, value?: string): boolean | undefined {
  const tags = [...html.matchAll(new RegExp(`<input[^>]*name="${escapeName(name)}"[^>]*>`, 'g'))].map((m) => m[0]);
  const tag = value === undefined ? tags[0] : tags.find((t) => t.includes(`value="${value}"`));
  return tag === undefined ? undefined : /\bchecked\b/.test(tag);
}

/** The text inside the first <textarea name=…>, unescaped. */
export function textareaValue(html: string, name: string): string | undefined {
  const m = new RegExp(`<textarea[^>]*name="${escapeName(name)}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  return m ? unescapeHtml(m[1]!) : undefined;
}

/** The value of the selected option in the first <select name=…>. */
export function selectedOption(html: string, name: string): string | undefined {
  const select = new RegExp(`<select[^>]*name="${escapeName(name)}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1];
  return select ? /<option value="([^"]*)"[^>]*\bselected\b/.exec(select)?.[1] : undefined;
}

/** The status shown for a component on a public page. */
export function publicComponentStatus(html: string, slug: string): string | undefined {
  return new RegExp(`data-component="${slug}"[\\s\\S]*?<span class="status" data-status="([a-z_]+)"`).exec(html)?.[1];
}
