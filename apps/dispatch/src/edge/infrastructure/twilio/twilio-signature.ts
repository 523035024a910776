import twilio from 'twilio';

/** The header Twilio signs every webhook with. */
export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';

/**
 * Whether `signature` is Twilio's HMAC-SHA1 of `url` and the POST parameters, keyed by any of the
 * Auth Tokens (the twilio SDK's `validateRequest`, which also tries the URL with and without the
 * default port). `url` must be the public URL Twilio called (PUBLIC_BASE_URL + path + query).
 */
export function isValidTwilioSignature(
  authTokens: readonly string[],
  signature: string,
  url: string,
  params: Record<string, string>,
): boolean {
  return authTokens.some((token) => twilio.validateRequest(token, signature, url, params));
}
