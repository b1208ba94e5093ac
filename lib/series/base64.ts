// Standard base64 (RFC 4648, with padding) for binary fields inside JSON. Here rather than
// Buffer or btoa/atob: lib/ runs on the server and in the browser alike (no Buffer there), and
// btoa/atob go through a "binary string" built and read character by character.
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGITS = new Int16Array(128).fill(-1);
const CODES = Uint8Array.from(ALPHABET, (letter) => letter.charCodeAt(0));
const PAD = 61; // "="
for (let i = 0; i < ALPHABET.length; i++) DIGITS[ALPHABET.charCodeAt(i)] = i;

export function encodeBase64(bytes: Uint8Array): string {
  // ASCII codes into bytes, then one decode into a string: far faster than building the string
  // piece by piece (TextDecoder exists in browsers and in Node alike).
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  const whole = bytes.length - (bytes.length % 3);
  let at = 0;
  for (let i = 0; i < whole; i += 3) {
    const triple = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[at++] = CODES[triple >> 18]!;
    out[at++] = CODES[(triple >> 12) & 63]!;
    out[at++] = CODES[(triple >> 6) & 63]!;
    out[at++] = CODES[triple & 63]!;
  }
  if (whole < bytes.length) {
    const a = bytes[whole]!;
    const b = whole + 1 < bytes.length ? bytes[whole + 1]! : 0;
    out[at++] = CODES[a >> 2]!;
    out[at++] = CODES[((a & 3) << 4) | (b >> 4)]!;
    out[at++] = whole + 1 < bytes.length ? CODES[(b & 15) << 2]! : PAD;
    out[at++] = PAD;
  }
  return new TextDecoder().decode(out);
}

export function decodeBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new RangeError(`base64 of ${text.length} characters (not a multiple of 4)`);
  let padding = 0;
  if (text.endsWith("==")) padding = 2;
  else if (text.endsWith("=")) padding = 1;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  const digit = (at: number) => {
    const code = text.charCodeAt(at);
    const value = code < 128 ? DIGITS[code]! : -1;
    if (value < 0) throw new RangeError(`not base64: ${JSON.stringify(text[at])} at ${at}`);
    return value;
  };
  let out = 0;
  for (let at = 0; at < text.length; at += 4) {
    const last = at + 4 === text.length;
    const a = digit(at);
    const b = digit(at + 1);
    bytes[out++] = (a << 2) | (b >> 4);
    if (last && padding === 2) break;
    const c = digit(at + 2);
    bytes[out++] = ((b & 15) << 4) | (c >> 2);
    if (last && padding === 1) break;
    bytes[out++] = ((c & 3) << 6) | digit(at + 3);
  }
  return bytes;
}
