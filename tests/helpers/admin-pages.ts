import { expect } from 'vitest';
import { openDatabase, type Db } from '../../db/client.js';
import { send } from './http.js';
import { PEOPLE, type Person } from './people.js';

/** Signs a test person in over HTTP; returns the session token. */
export async function signIn(base: string, who: Person): Promise<string> {
  const r = await send(base, '/admin/login', { form: { email: PEOPLE[who].email, password: PEOPLE[who].password } });
  expect(r.status, r.html).toBe(303);
  return r.token!;
}

/** Runs `f` on a short-lived connection to the server's database file (WAL lets both work side by side). */
export function withDb<T>(path: string, f: (db: Db) => T): T {
  const h = openDatabase(path);
  try {
    return f(h.db);
  } finally {
    h.close();
  }
}

export function unescape(s: string): string {
  return s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&#x27;', "'").replaceAll('&amp;', '&');
}

/** The text inside <textarea name=…>, unescaped. */
export function textarea(html: string, name = 'message'): string | undefined {
  const m = new RegExp(`<textarea[^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  return m ? unescape(m[1]!) : undefined;
}

/** The value of <input name=…>, unescaped; '' when it has none. */
export function inputValue(html: string, name: string): string | undefined {
  const tag = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
  if (!tag) return undefined;
  // Astro leaves out an empty value attribute.
  const m = /value="([^"]*)"/.exec(tag);
  return m ? unescape(m[1]!) : '';
}

/** Whether the checkbox <input name=…> is ticked; undefined when there is none. */
export function isChecked(html: string, name: string): boolean | undefined {
  const tag = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
  return tag === undefined ? undefined : /\bchecked\b/.test(tag);
}

/** The value of the selected option in <select name=…>. */
export function selected(html: string, name: string): string | undefined {
  const select = new RegExp(`<select[^>]*name="${name.replace(/[:]/g, '\\:')}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1];
  return select ? /<option value="([^"]*)"[^>]*\bselected\b/.exec(select)?.[1] : undefined;
}

/** The status shown for a component on the public page. */
export function componentStatus(html: string, slug: string): string | undefined {
  const block = new RegExp(`data-component="${slug}"[\\s\\S]*?<span class="status" data-status="([a-z_]+)"`).exec(html);
  return block?.[1];
}
