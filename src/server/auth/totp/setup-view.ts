import { renderSVG } from 'uqr';
import type { Db } from '../../../../db/client.js';
import { readPageSettings } from '../../settings.js';
import { decodeTotpKey, newTotpKey, totpKeyUri } from './code.js';

export interface TotpSetupView {
  /** Sent back with the first code; the key is stored only once a code proves the app has it. */
  readonly key: string;
  /** The key spaced in fours, for typing into an app by hand. */
  readonly keyForHumans: string;
  /** Inline SVG of the otpauth:// URI; made here from our own data, so safe to embed. */
  readonly qrSvg: string;
}

export function totpSetupView(db: Db, email: string, now: number, keyFromForm?: string): TotpSetupView {
  const key = keyFromForm && decodeTotpKey(keyFromForm) ? keyFromForm.trim().toUpperCase() : newTotpKey();
  const uri = totpKeyUri(readPageSettings(db, now).name, email, decodeTotpKey(key)!);
  return { key, keyForHumans: key.replace(/(.{4})/g, '$1 ').trim(), qrSvg: renderSVG(uri, { border: 2 }) };
}
