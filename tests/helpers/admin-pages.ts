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

/** Runs `f` on its own connection to the served database file (the server keeps its own). */
export function withDb<T>(path: string, f: (db: Db) => T): T {
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

const nameRe = (name: string): string => name.replace(/[.:[\]]/g, '\\$&');

/** The text inside <textarea name=…>, unescaped. */
export function textareaValue(html: string, name: string): string | undefined {
  const m = new RegExp(`<textarea[^>]*name="${nameRe(name)}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  return m ? unescapeHtml(m[1]!) : undefined;
}

/** The value of <input name=…>; '' when Astro left out an empty value attribute. */
export function inputValue(html: string, name: string): string | undefined {
  const tag = new RegExp(`<input[^>]*name="${nameRe(name)}"[^>]*>`).exec(html)?.[0];
  if (!tag) return undefined;
  const m = /value="([^"]*)"/.exec(tag);
  return m ? unescapeHtml(m[1]!) : '';
}

/** The value of the selected option in <select name=…>. */
export function selectedValue(html: string, name: string): string | undefined {
  const select = new RegExp(`<select[^>]*name="${nameRe(name)}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1];
  return select ? /<option value="([^"]*)"[^>]*\bselected\b/.exec(select)?.[1] : undefined;
}

/** The status a component shows on the public front page. */
export function componentStatus(html: string, slug: string): string | undefined {
  const block = new RegExp(`data-component="${slug}"[\\s\\S]*?<span class="status" data-status="([a-z_]+)"`).exec(html);
  return block?.[1];
}
