import fc from 'fast-check';
import { simpleParser, type ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { encodeAddress, encodeBody, mimeMessage, type MimeCopy } from '../../../src/server/outbox/mime.js';

const SLOTS = ['mPLACEHOLDERaaaa', 'uPLACEHOLDERbbbb'] as const;
const DATE = Date.UTC(2026, 10, 23, 9, 30, 15);

function copy(overrides: Partial<MimeCopy> = {}): MimeCopy {
  return {
    from: encodeAddress('From', 'Acme Status <status@acme.example>'),
    to: 'ana@example.com',
    messageId: '<u1.s1@status.acme.example>',
    inReplyTo: null,
    references: [],
    headers: {},
    date: DATE,
    values: ['manage-token-1', 'unsub-token-1'],
    ...overrides,
  };
}

const parse = (raw: string): Promise<ParsedMail> => simpleParser(Buffer.from(raw, 'utf8'));
/** mailparser hands text back with LF line ends. */
const lf = (s: string): string => s.replace(/\r\n?/g, '\n');
const header = (m: ParsedMail, name: string): string | undefined => {
  const line = m.headerLines.find((h) => h.key === name)?.line;
  return line?.slice(line.indexOf(':') + 1).replace(/\r\n/g, '').trim();
};

/** The wire rules every message must keep, whatever it says. */
function expectWellFormed(raw: string): void {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const body = rest.join('\r\n\r\n');
  expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  for (const line of head!.split('\r\n')) {
    expect(line.length).toBeLessThanOrEqual(998);
    expect(line, 'only ASCII in headers').toMatch(/^[\x20-\x7e\t]*$/);
  }
  for (const line of body.split('\r\n')) {
    expect(line.length, line).toBeLessThanOrEqual(76);
    expect(line, 'only ASCII on the wire').toMatch(/^[\x20-\x7e\t]*$/);
  }
}

describe('mimeMessage', () => {
  it('round-trips a mail with personal slots through a real MIME parser', async () => {
    const text = `Hello Jürgen 👋,\n\n. a line starting with a dot\nFrom the start\ntrailing spaces   \nManage: https://status.acme.example/subscriptions/${SLOTS[0]}\nLeave: https://status.acme.example/unsubscribe/${SLOTS[1]}\n${'long '.repeat(40)}\n${'x'.repeat(300)}${SLOTS[1]}${SLOTS[0]}`;
    const html = `<p style="color:#333">Größe &amp; “quotes” = 100%</p><a href="https://status.acme.example/unsubscribe/${SLOTS[1]}">Unsubscribe</a>${SLOTS[1]}`;
    const body = encodeBody({ subject: 'Identified: Zahlungen schlagen fehl — API 🔥', text, html }, SLOTS);
    const raw = mimeMessage(body, copy());
    expectWellFormed(raw);
    const parsed = await parse(raw);
    expect(lf(parsed.text!)).toBe(lf(text).replaceAll(SLOTS[0], 'manage-token-1').replaceAll(SLOTS[1], 'unsub-token-1'));
    expect(parsed.html).toBe(html.replaceAll(SLOTS[1], 'unsub-token-1'));
    expect(parsed.subject).toBe('Identified: Zahlungen schlagen fehl — API 🔥');
    expect(raw).not.toContain('PLACEHOLDER');
  });

  it('writes each copy with its own headers and values from one encoded body', async () => {
    const body = encodeBody({ subject: 'Resolved', text: `bye ${SLOTS[0]}`, html: `<a href="/x/${SLOTS[0]}">x</a>` }, SLOTS);
    const unsubscribe = `<https://status.acme.example/unsubscribe/${'t'.repeat(120)}>`;
    const [a, b] = await Promise.all([
      parse(mimeMessage(body, copy({ values: ['AAA', ''] }))),
      parse(
        mimeMessage(
          body,
          copy({
            to: 'bob@example.org',
            values: ['BBB', ''],
            messageId: '<u2.s2@status.acme.example>',
            inReplyTo: '<u1.s2@status.acme.example>',
            references: ['<u1.s2@status.acme.example>'],
            headers: { 'List-Unsubscribe': unsubscribe, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'List-Id': 'Acme Status <status.acme.example>' },
          }),
        ),
      ),
    ]);
    expect(lf(a!.text!)).toBe('bye AAA');
    expect(lf(b!.text!)).toBe('bye BBB');
    expect(b!.html).toBe('<a href="/x/BBB">x</a>');
    expect(a!.to).toMatchObject({ value: [{ address: 'ana@example.com' }] });
    expect(b!.to).toMatchObject({ value: [{ address: 'bob@example.org' }] });
    expect(a!.from).toMatchObject({ value: [{ address: 'status@acme.example', name: 'Acme Status' }] });
    expect(a!.messageId).toBe('<u1.s1@status.acme.example>');
    expect(a!.inReplyTo).toBeUndefined();
    expect(b!.inReplyTo).toBe('<u1.s2@status.acme.example>');
    expect(b!.references).toBe('<u1.s2@status.acme.example>');
    expect(header(b!, 'list-unsubscribe')).toBe(unsubscribe);
    expect(header(b!, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(header(b!, 'list-id')).toBe('Acme Status <status.acme.example>');
    expect(a!.date?.getTime()).toBe(DATE);
    expect(header(a!, 'mime-version')).toBe('1.0');
  });

  // Regression: a long value was folded right after the name, so the header's first line read
  // `List-Unsubscribe:` with nothing after it, which line-based parsers take as empty.
  it('starts every header value on the header’s first line, folding only inside the value', async () => {
    const body = encodeBody({ subject: 'Resolved', text: 't', html: 'h' }, []);
    const unsubscribe = `<https://status.acme.example/unsubscribe/${'t'.repeat(120)}>`;
    const references = ['<update.aaaaaaaaaaaa.s1@status.acme.example>', '<update.bbbbbbbbbbbb.s1@status.acme.example>'];
    const raw = mimeMessage(body, copy({ inReplyTo: references[1]!, references, headers: { 'List-Unsubscribe': unsubscribe } }));
    expectWellFormed(raw);
    const head = raw.slice(0, raw.indexOf('\r\n\r\n')).split('\r\n');
    expect(head).toContain(`List-Unsubscribe: ${unsubscribe}`);
    const refs = head.findIndex((l) => l.startsWith('References:'));
    expect(head[refs]).toBe(`References: ${references[0]}`);
    expect(head[refs + 1]).toBe(` ${references[1]}`);
    for (const line of head) if (/^[A-Za-z-]+:/.test(line)) expect(line, line).toMatch(/^[A-Za-z-]+: \S/);
    const parsed = await parse(raw);
    expect(header(parsed, 'list-unsubscribe')).toBe(unsubscribe);
    expect(parsed.references).toEqual(references);
  });

  it('encodes names and addresses that are not plain ASCII, and never splits an address', async () => {
    const body = encodeBody({ subject: 's', text: 't', html: 'h' }, []);
    const parsed = await parse(mimeMessage(body, copy({ from: encodeAddress('From', 'Statut Acmé <statut@acme.example>'), to: 'jürgen@bücher.example' })));
    expect(parsed.from).toMatchObject({ value: [{ name: 'Statut Acmé', address: 'statut@acme.example' }] });
    expect(header(parsed, 'from')).not.toMatch(/[^\x20-\x7e]/);
    expect((parsed.to as { value: { address: string }[] }).value).toHaveLength(1);
    expect(encodeAddress('To', { address: 'a,b@example.com' })).not.toBe('a,b@example.com');
    const odd = await parse(mimeMessage(body, copy({ to: 'a,b@example.com' })));
    expect((odd.to as { value: unknown[] }).value).toHaveLength(1);
  });

  it('keeps header text on one logical line: a line break in a value cannot add a header', async () => {
    const body = encodeBody({ subject: 'Down\r\nBcc: victim@example.com', text: 't', html: 'h' }, []);
    const parsed = await parse(mimeMessage(body, copy({ headers: { 'X-Note': 'a\nX-Injected: yes' } })));
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.headers.has('x-injected')).toBe(false);
    expect(parsed.subject).toContain('Down');
  });

  it('round-trips any text, any slot positions and any values', async () => {
    const piece = fc.string({ unit: fc.oneof(fc.constantFrom('a', ' ', '\n', '\r\n', '.', '=', '\t', 'é', '€', '😀', '-', '<'), fc.string({ minLength: 0, maxLength: 90 })) });
    const part = fc.array(fc.oneof(piece.map((s) => s.replaceAll('PLACEHOLDER', '')), fc.constantFrom(0, 1)), { maxLength: 8 });
    const render = (p: readonly (string | number)[], values: readonly string[]): string => p.map((x) => (typeof x === 'number' ? values[x] : x)).join('');
    const value = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '-', '_', '.', '='), maxLength: 120 });
    await fc.assert(
      fc.asyncProperty(part, part, fc.tuple(value, value), async (textParts, htmlParts, values) => {
        const body = encodeBody({ subject: 'x', text: render(textParts, SLOTS), html: render(htmlParts, SLOTS) }, SLOTS);
        const raw = mimeMessage(body, copy({ values }));
        expectWellFormed(raw);
        const parsed = await parse(raw);
        // mailparser drops a part's final line break and reads lone CRs and LFs as line breaks.
        const expected = (p: readonly (string | number)[]): string => lf(render(p, values)).replace(/\n$/, '');
        expect(lf(parsed.text ?? '').replace(/\n$/, '')).toBe(expected(textParts));
        expect(lf(typeof parsed.html === 'string' ? parsed.html : '').replace(/\n$/, '')).toBe(expected(htmlParts));
      }),
      { numRuns: 150 },
    );
  });
});
