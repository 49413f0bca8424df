import { CONTROL_CHARACTERS } from '../../core/xml-safe.js';
import { z } from 'zod';
import { CADENCE_MAX_MINUTES, type Cadence } from '../../core/cadence.js';
import { SEVERITIES, type Severity } from '../../core/severity.js';
import { isValidTimeZone } from '../../core/time.js';
import { collect, type Parsed } from './incident-form.js';

export const PAGE_NAME_MAX = 100;
export const PAGE_DESCRIPTION_MAX = 500;
export const URL_MAX = 2000;

/** Everything the settings form sets; empty optional fields are stored as null. */
export interface SettingsFields {
  readonly name: string;
  readonly url: string | null;
  readonly timeZone: string;
  readonly description: string | null;
  readonly supportUrl: string | null;
  /** `#rrggbb`, lower-case: it lands in an inline style, so nothing else gets through. */
  readonly brandColor: string | null;
  readonly logoUrl: string | null;
  readonly cadence: Cadence;
}

/** The form field for one severity's cadence. */
export const cadenceField = (severity: Severity): string => `cadence:${severity}`;

function hasScheme(value: string, schemes: readonly string[]): boolean {
  try {
    const url = new URL(value);
    return schemes.includes(url.protocol) && (url.protocol === 'mailto:' ? url.pathname.includes('@') : url.hostname !== '');
  } catch {
    return false;
  }
}

/** An optional text field: trimmed, '' allowed, otherwise `valid` or `message`. */
const optional = (max: number, valid: (v: string) => boolean, message: string): z.ZodType<string, z.ZodTypeDef, string | undefined> =>
  z
    .string()
    .trim()
    .max(max, `Keep this under ${max} characters.`)
    .default('')
    // Checked before the URL test: new URL() drops control characters, so it would validate an address other than the one stored.
    .refine((v) => !CONTROL_CHARACTERS.test(v), 'Remove the control characters (they may have come with a paste).')
    .refine((v) => v === '' || valid(v), message);

const fields = z.object({
  name: z
    .string({ required_error: 'Give the page a name.' })
    .trim()
    .min(1, 'Give the page a name.')
    .max(PAGE_NAME_MAX, `Keep the name under ${PAGE_NAME_MAX} characters.`),
  url: optional(URL_MAX, (v) => hasScheme(v, ['http:', 'https:']), 'Give the full address starting with https:// (or http://), or leave it empty.'),
  time_zone: z
    .string({ required_error: 'Choose a time zone.' })
    .trim()
    .min(1, 'Choose a time zone.')
    .refine(isValidTimeZone, 'That is not a time zone we know; use a name such as Europe/Berlin or America/New_York.')
    // Stored as Intl spells it ("europe/berlin" → "Europe/Berlin").
    .transform((zone) => new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone),
  description: z.string().trim().max(PAGE_DESCRIPTION_MAX, `Keep the description under ${PAGE_DESCRIPTION_MAX} characters.`).default(''),
  support_url: optional(
    URL_MAX,
    (v) => hasScheme(v, ['http:', 'https:', 'mailto:']),
    'Give a web address starting with https:// or an email link such as mailto:support@example.com, or leave it empty.',
  ),
  brand_color: optional(32, (v) => /^#[0-9a-fA-F]{6}$/.test(v), 'Give the colour as # and six hex digits, e.g. #1f6feb, or leave it empty.'),
  // A path on this site ("/logo.svg", not "//host/…") or an absolute web address.
  logo_url: optional(
    URL_MAX,
    (v) => hasScheme(v, ['http:', 'https:']) || /^\/(?![/\\])[^\s\\]*$/.test(v),
    'Give the logo’s full address (https://…) or a path on this site starting with /, or leave it empty.',
  ),
});

const CADENCE_MESSAGE = `Give whole minutes from 1 to ${CADENCE_MAX_MINUTES}, or leave it empty for no fixed cadence.`;

function cadenceOf(form: Record<string, string>, errors: Record<string, string>): Cadence {
  const out = {} as Record<Severity, number | null>;
  for (const s of SEVERITIES) {
    const raw = (form[cadenceField(s)] ?? '').trim();
    const minutes = Number(raw);
    if (raw === '') out[s] = null;
    else if (/^\d+$/.test(raw) && minutes >= 1 && minutes <= CADENCE_MAX_MINUTES) out[s] = minutes;
    else errors[cadenceField(s)] = CADENCE_MESSAGE;
  }
  return out;
}

const orNull = (v: string): string | null => (v === '' ? null : v);

export function parseSettingsForm(form: Record<string, string>): Parsed<SettingsFields> {
  const errors: Record<string, string> = {};
  const parsed = fields.safeParse(form);
  collect(parsed, errors);
  const cadence = cadenceOf(form, errors);
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  const d = parsed.data;
  return {
    ok: true,
    value: {
      name: d.name,
      url: orNull(d.url),
      timeZone: d.time_zone,
      description: orNull(d.description),
      supportUrl: orNull(d.support_url),
      brandColor: d.brand_color === '' ? null : d.brand_color.toLowerCase(),
      logoUrl: orNull(d.logo_url),
      cadence,
    },
  };
}
