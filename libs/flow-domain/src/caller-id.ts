/**
 * Whether a caller ID is worth asking identity about: digits with the usual separators and at most
 * one leading `+`. `anonymous`, `client:alice`, `sip:…` and an empty or withheld caller ID are an
 * unknown caller without a question (identity normalises what is asked; it would find nobody).
 */
export function isLookupableCallerId(from: string | null | undefined): boolean {
  const text = (from ?? '').trim();
  return /^\+?[\d\s\-./()]+$/.test(text) && /\d/.test(text);
}
