import fc from 'fast-check';

/**
 * One seed for every fuzz test, so a failure reproduces on the next run and on CI (fast-check
 * prints the counterexample and the path it shrank along). For a longer hunt by hand, FUZZ_SEED
 * picks another seed and FUZZ_SCALE multiplies the number of inputs.
 */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED) || 20_260_731;
const FUZZ_SCALE = Number(process.env.FUZZ_SCALE) || 1;

/** fc.assert parameters: the seed and `numRuns` inputs (times FUZZ_SCALE). */
export const fuzzRuns = (numRuns: number): { seed: number; numRuns: number } => ({ seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(numRuns * FUZZ_SCALE)) });

const charIn = (from: number, to: number): fc.Arbitrary<string> => fc.integer({ min: from, max: to }).map((c) => String.fromCharCode(c));

/** C0 and C1 control characters and DEL. */
export const controlString: fc.Arbitrary<string> = fc.string({ unit: fc.oneof(charIn(0, 0x1f), fc.constant('\x7f'), charIn(0x80, 0x9f)), minLength: 1, maxLength: 12 });

/** Unpaired UTF-16 halves: not representable in UTF-8 (encoders write U+FFFD instead). */
export const loneSurrogates: fc.Arbitrary<string> = fc.string({ unit: charIn(0xd800, 0xdfff), minLength: 1, maxLength: 4 });

/** Lengths around the forms' limits (title 200, email 254, name/description 100/500, URL 2000, message 10 000/20 000, postmortem 50 000). */
const EDGE_LENGTHS = [60, 61, 100, 101, 200, 201, 254, 255, 320, 500, 501, 1024, 1025, 2000, 2001, 10_000, 10_001, 20_000, 20_001, 50_000, 50_001, 120_000] as const;

/** A long string of one repeated piece (plain, whitespace, multi-byte, markup, placeholders …) at a limit or just past it. */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('a', ' ', '\n', 'é', '😀', '<b>', '{{components}}', '[[why]]', '\u0000', '%', '&=', 'x '), fc.constantFrom(...EDGE_LENGTHS))
  .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

/** Things that look like numbers to someone: negative, huge, fractional, exponent, hex, non-ASCII digits. */
export const numberish: fc.Arbitrary<string> = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.constantFrom('-1', '0', '-0', '1e309', '1e-7', 'NaN', 'Infinity', '0x10', '9007199254740993', '1.5', ' 7 ', '٣', '１', '+5', '00001', '1_000'),
);

/**
 * Years a person mistypes or a probe sends: far past (0026 for 2026, 0100, 1850 in local mean
 * time), far future (9999, the last year a Date holds), and malformed (two, five or six digits,
 * signed, non-ASCII digits, letters).
 */
export const EXTREME_YEARS = ['0000', '0026', '0100', '1850', '1882', '9999', '275760', '+275760', '-000001', '26', '02026', '20266', '2O26', '２０２６', '٢٠٢٦'] as const;

/** Each extreme year as a datetime-local value and as a date: '0100-01-01T10:00', '0100-01-01'. */
export const extremeYearDates: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...EXTREME_YEARS), fc.constantFrom('-01-01T10:00', '-06-15T12:30', '-12-31T23:59', '-01-31', '-09-13T00:00'))
  .map(([year, rest]) => `${year}${rest}`);

/** datetime-local and date values, real and broken: impossible days and hours, years out of range, DST gaps, other formats. */
export const dateish: fc.Arbitrary<string> = fc.oneof(
  extremeYearDates,
  fc.date({ min: new Date(-8_640_000_000_000_000), max: new Date(8_640_000_000_000_000) }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString().slice(0, 16))),
  fc.date({ min: new Date('1999-01-01'), max: new Date('2040-01-01') }).map((d) => (Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10))),
  fc.constantFrom(
    '0000-01-01T00:00',
    '0099-12-31T23:59',
    '9999-12-31T23:59',
    '+275760-09-13T00:00',
    '2026-03-29T02:30',
    '2026-10-25T02:30',
    '2026-02-30T10:00',
    '2026-13-01T00:00',
    '2026-01-01T24:00',
    '2026-01-01T23:60',
    '2026-01-01T23:59:60',
    '2026-01-01T10:00:00.000Z',
    '2026-01-01 10:00',
    '2026-1-1T1:1',
    '2026-01-31',
    '31/01/2026',
    'T',
  ),
);

/** Strings that mean something to some layer: markup, SQL, template syntax, URLs, prototype names, odd Unicode. */
const TRICKY = [
  '',
  ' ',
  '\t\n',
  'on',
  'off',
  'true',
  'null',
  'undefined',
  '[object Object]',
  '__proto__',
  'constructor',
  'toString',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE events;--",
  '{{components}}',
  '{{ started_at }}',
  '{{nope}}',
  '{{',
  '[[prompt]]',
  'javascript:alert(1)',
  'data:text/html,<b>x</b>',
  '//evil.example/x',
  '/\\evil.example',
  'http://',
  'https://example.com',
  'mailto:',
  'mailto:a@b.c',
  '../../etc/passwd',
  '%00',
  '%FF',
  '\u202e',
  '\ufeff',
  '\u200b',
  'ﬀ',
  'İ',
  'ß',
  '😀',
  'a@b',
  'a@b.c',
  '@.',
  'A'.repeat(40),
] as const;

/**
 * A hostile form value: random and binary Unicode, control characters, lone surrogates, huge
 * strings, numbers, dates, tricky strings, and (more often) one of `vocabulary` — the values
 * a field really takes, so that some inputs get past the first check.
 */
export function hostileString(vocabulary: readonly string[] = []): fc.Arbitrary<string> {
  const arbitraries: fc.WeightedArbitrary<string>[] = [
    { arbitrary: fc.string(), weight: 2 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 2 },
    { arbitrary: controlString, weight: 1 },
    { arbitrary: loneSurrogates, weight: 1 },
    { arbitrary: hugeString, weight: 1 },
    { arbitrary: numberish, weight: 1 },
    { arbitrary: dateish, weight: 1 },
    { arbitrary: fc.constantFrom(...TRICKY), weight: 2 },
  ];
  if (vocabulary.length > 0) {
    arbitraries.push({ arbitrary: fc.constantFrom(...vocabulary), weight: 5 });
    // A real value with a twist: padded, upper-cased, or with something after it.
    arbitraries.push({
      arbitrary: fc.tuple(fc.constantFrom(...vocabulary), fc.constantFrom(' ', '\u0000', 'X', '\u00a0', '\n')).map(([v, extra]) => (extra === 'X' ? v.toUpperCase() : `${extra}${v}${extra}`)),
      weight: 1,
    });
  }
  return fc.oneof(...arbitraries);
}

/** A field name: one the form reads (more often), or anything at all. */
export function hostileKey(names: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: fc.constantFrom(...names), weight: 6 }, { arbitrary: hostileString(['__proto__', 'constructor', 'hasOwnProperty', 'component:', 'affects:']), weight: 1 });
}

/** A form as posted: name/value pairs in order, names possibly repeated. */
export function formEntries(names: readonly string[], vocabulary: readonly string[] = [], maxLength = 12): fc.Arbitrary<[string, string][]> {
  return fc.array(fc.tuple(hostileKey(names), hostileString(vocabulary)), { maxLength });
}

/** A form as the parse functions get it (one value per name; any name, `__proto__` included). */
export function formRecord(names: readonly string[], vocabulary: readonly string[] = []): fc.Arbitrary<Record<string, string>> {
  return formEntries(names, vocabulary).map((entries) => Object.fromEntries(entries));
}

/**
 * A valid form with a few fields removed, replaced by hostile values, or added: inputs that get
 * past most checks and probe the one that is broken.
 */
export function mutatedForm(valid: Readonly<Record<string, string>>, names: readonly string[], vocabulary: readonly string[] = []): fc.Arbitrary<Record<string, string>> {
  const keys = Object.keys(valid);
  return fc
    .tuple(fc.subarray(keys, { maxLength: Math.min(2, keys.length) }), fc.array(fc.tuple(hostileKey([...keys, ...names]), hostileString(vocabulary)), { minLength: 1, maxLength: 3 }))
    .map(([dropped, changed]) => {
      const form: Record<string, string> = Object.fromEntries(Object.entries(valid).filter(([k]) => !dropped.includes(k)));
      for (const [k, v] of changed) Object.defineProperty(form, k, { value: v, enumerable: true, writable: true, configurable: true });
      return form;
    });
}

/** A request body to POST: its Content-Type (null: none sent), the bytes, and what kind of body it is (for failure messages). */
export interface FuzzBody {
  readonly kind: string;
  readonly contentType: string | null;
  readonly body: Uint8Array<ArrayBuffer>;
}

const utf8 = (s: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(s);
const URLENCODED = 'application/x-www-form-urlencoded';

/** `bytes` percent-encoded whole, so the server decodes exactly these bytes (often not UTF-8). */
const percentEncoded = (bytes: Uint8Array): string => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** Pieces a broken urlencoded body is made of: stray %, bad escapes, escapes of invalid UTF-8, separators. */
const URLENCODED_PIECES = ['%', '%%', '%z', '%zz', '%FF', '%C3', '%C3%28', '%E2%82', '%ED%A0%80', '%F4%90%80%80', '%00', '&', '=', '==', '&&', '+', ';', 'a', 'email', 'title', 'message', 'é', '\u0000'];

function multipart(entries: readonly [string, string][], boundary: string, file: Uint8Array): Uint8Array<ArrayBuffer> {
  const parts = entries.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const head = utf8(`${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = utf8(`\r\n--${boundary}--\r\n`);
  const out = new Uint8Array(head.length + file.length + tail.length);
  out.set(head, 0);
  out.set(file, head.length);
  out.set(tail, head.length + file.length);
  return out;
}

/**
 * A hostile POST body for a form with these field names: a urlencoded form of hostile name/value
 * pairs (names repeated at times), one carrying invalid UTF-8, raw random bytes, broken escapes,
 * JSON of any shape, multipart (well-formed with a file, or garbage, or without a boundary), and
 * bodies under a type no form sends or no type at all; given a `valid` form, also that form with
 * a few fields dropped, broken or added.
 */
export function hostileBody(names: readonly string[], vocabulary: readonly string[] = [], valid?: Readonly<Record<string, string>>): fc.Arbitrary<FuzzBody> {
  const entries = formEntries(names, vocabulary);
  // With a valid form to start from, a share of the bodies are it with a few fields broken: they reach the use-case's own checks.
  const nearValid: fc.WeightedArbitrary<FuzzBody>[] = valid
    ? [{ weight: 6, arbitrary: mutatedForm(valid, names, vocabulary).map((form): FuzzBody => ({ kind: 'urlencoded, near-valid', contentType: URLENCODED, body: utf8(new URLSearchParams(form).toString()) })) }]
    : [];
  return fc.oneof(
    ...nearValid,
    { weight: 8, arbitrary: entries.map((e): FuzzBody => ({ kind: 'urlencoded', contentType: URLENCODED, body: utf8(new URLSearchParams(e).toString()) })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(entries, hostileKey(names), fc.uint8Array({ minLength: 1, maxLength: 64 }))
        .map(([e, name, bytes]): FuzzBody => ({ kind: 'urlencoded, invalid UTF-8', contentType: URLENCODED, body: utf8(`${new URLSearchParams(e).toString()}&${encodeURIComponent(name.toWellFormed())}=${percentEncoded(bytes)}`) })),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2048 }).map((body): FuzzBody => ({ kind: 'random bytes', contentType: URLENCODED, body })) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...URLENCODED_PIECES), { maxLength: 40 }).map((p): FuzzBody => ({ kind: 'broken escapes', contentType: URLENCODED, body: utf8(p.join('')) })) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.json(), entries.map((e) => JSON.stringify(Object.fromEntries(e))), fc.constantFrom('{', '[1,2', '{"email":["a@b.c"],"title":{"x":1},"severity":2}', 'null'))
        .map((json): FuzzBody => ({ kind: 'JSON', contentType: 'application/json', body: utf8(json) })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(entries, fc.constantFrom('b0undary', 'x', '----WebKitFormBoundary7MA4YWxkTrZu0gW'), fc.uint8Array({ maxLength: 256 }), fc.constantFrom('ok', 'no boundary', 'other boundary', 'truncated'))
        .map(([e, boundary, file, variant]): FuzzBody => {
          const body = multipart(e, boundary, file);
          if (variant === 'no boundary') return { kind: 'multipart without boundary', contentType: 'multipart/form-data', body };
          if (variant === 'other boundary') return { kind: 'multipart, wrong boundary', contentType: 'multipart/form-data; boundary=nope', body };
          if (variant === 'truncated') return { kind: 'multipart, truncated', contentType: `multipart/form-data; boundary=${boundary}`, body: body.slice(0, Math.floor(body.length / 2)) };
          return { kind: 'multipart', contentType: `multipart/form-data; boundary=${boundary}`, body };
        }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(entries, fc.constantFrom(null, 'text/plain', `${URLENCODED}; charset=utf-16`, 'application/xml', 'application/octet-stream', 'multipart/mixed; boundary=x', '', 'garbage'))
        .map(([e, contentType]): FuzzBody => ({ kind: `type ${String(contentType)}`, contentType, body: utf8(new URLSearchParams(e).toString()) })),
    },
  );
}

/** A short description of a body for a failure message (the bytes themselves may be huge). */
export function describeBody(b: FuzzBody): string {
  const text = new TextDecoder().decode(b.body.slice(0, 300));
  return `${b.kind} (${String(b.contentType)}, ${b.body.length} bytes): ${JSON.stringify(text)}`;
}
