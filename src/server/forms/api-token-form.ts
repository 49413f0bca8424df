import { z } from 'zod';
import { API_SCOPES, type ApiScope } from '../../core/api-scope.js';
import { TOKEN_NAME_MAX } from '../use-cases/api-tokens.js';
import { collect, type Parsed } from './incident-form.js';

const shape = z.object({
  name: z
    .string({ required_error: 'Give the token a name that says what uses it, e.g. “deploy pipeline”.' })
    .trim()
    .min(1, 'Give the token a name that says what uses it, e.g. “deploy pipeline”.')
    .max(TOKEN_NAME_MAX, `Keep the token's name under ${TOKEN_NAME_MAX} characters.`),
  scope: z.enum(API_SCOPES, { errorMap: () => ({ message: 'Choose what the token may do: read, write or alerts.' }) }),
});

/** The new-token form: a name and one of the scopes, every error by its field. */
export function parseApiTokenForm(form: Record<string, string>): Parsed<{ name: string; scope: ApiScope }> {
  const errors: Record<string, string> = {};
  const parsed = shape.safeParse(form);
  collect(parsed, errors);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors };
}
