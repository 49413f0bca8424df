import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import { randomBytes } from 'node:crypto';

/** RFC 6238 as every authenticator app does it by default: 30-second steps, six digits, HMAC-SHA1. */
export const TOTP_PERIOD_S = 30;
export const TOTP_DIGITS = 6;
/** A step either side of now is accepted: clocks drift, and a code typed at :29 arrives at :31. */
const DRIFT_STEPS = 1;

/** A new key (160 bits, RFC 4226's recommendation), in the base32 authenticator apps show. */
export function newTotpKey(): string {
  return encodeBase32UpperCaseNoPadding(randomBytes(20));
}

/** Null for anything that is not a 160-bit base32 key. */
export function decodeTotpKey(key: string): Uint8Array | null {
  try {
    const bytes = decodeBase32IgnorePadding(key.trim().toUpperCase());
    return bytes.length === 20 ? bytes : null;
  } catch {
    return null;
  }
}

/** The otpauth:// URI the QR code carries. */
export function totpKeyUri(issuer: string, account: string, key: Uint8Array): string {
  return createTOTPKeyURI(issuer, account, key, TOTP_PERIOD_S, TOTP_DIGITS);
}

export const stepAt = (now: number): number => Math.floor(now / 1000 / TOTP_PERIOD_S);

/**
 * The time step a code belongs to, if it is right for now (± one step) and later than `lastStep`,
 * the step last accepted: a code seen once (over a shoulder, in a log) never signs in again.
 */
export function acceptedStep(key: Uint8Array, code: string, now: number, lastStep: number | null): number | null {
  const digits = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(digits)) return null;
  const given = new TextEncoder().encode(digits);
  const current = stepAt(now);
  for (let step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
    if (lastStep !== null && step <= lastStep) continue;
    const expected = new TextEncoder().encode(generateHOTP(key, BigInt(step), TOTP_DIGITS));
    if (constantTimeEqual(expected, given)) return step;
  }
  return null;
}
