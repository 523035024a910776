/** The claims the console shows; it never verifies a token (every app does that on each request). */
export interface TokenClaims {
  sub?: string;
  tid?: string;
  tenant?: string;
  exp?: number;
  name?: string;
  email?: string;
  preferred_username?: string;
}

/** Reads a JWT's payload, or null when it is not one. */
export function readClaims(token: string): TokenClaims | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const base64 = part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '=');
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json) as TokenClaims | null;
    return typeof claims === 'object' && claims !== null ? claims : null;
  } catch {
    return null;
  }
}

/** The credential in a sign-in link (`/signin#credential=...`) or a bare credential. */
export function credentialFrom(text: string): string | null {
  const trimmed = text.trim();
  const match = /[#&?]credential=([^&\s]+)/.exec(trimmed);
  const candidate = match?.[1] ? decodeURIComponent(match[1]) : trimmed;
  return readClaims(candidate) ? candidate : null;
}
