import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Secret } from '@tp/dispatch-domain';
import { loadEnv } from '@tp/platform';
import { PublicUrls } from '../../../common/public-urls';
import type { ResolvedOrigin, WebhookKind, WebhookOrigins } from '../../application/webhook-origins';
import { DispatchEnvSchema } from '../../../dispatch.config';
import { isValidTwilioSignature } from '../../infrastructure/twilio/twilio-signature';
import {
  TwilioSignatureGuard,
  TwilioSignatureInvalid,
  TwilioSignatureMissing,
} from './twilio-signature.guard';
import { TwilioWebhook, type TwilioWebhookRequest } from './twilio-webhook.request';

// The official vectors of twilio-node (github.com/twilio/twilio-node, spec/validation.spec.js).
const TOKEN = '12345';
const PARAMS = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
};
const VALID = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';

describe(isValidTwilioSignature.name, () => {
  it.each([
    ['the documented URL', 'https://mycompany.com/myapp.php?foo=1&bar=2', VALID],
    ['the URL with a port Twilio did not sign', 'https://mycompany.com:1234/myapp.php?foo=1&bar=2', VALID],
    ['http with a port', 'http://mycompany.com:1234/myapp.php?foo=1&bar=2', 'Zmvh+3yNM1Phv2jhDCwEM3q5ebU='],
    [
      'a raw quote in the query',
      "https://mycompany.com/myapp.php?foo=1&bar=2&Body=It's+amazing",
      'dsq4Ehbj6cs+KdTkpF5sSSplOWw=',
    ],
    [
      'a mixed-case host (twilio-csharp)',
      'https://MyCompany.com/myapp.php?foo=1&bar=2',
      'g9IN/x4Cft2g517EjYvEvM/W7LU=',
    ],
  ])('accepts %s', (_case, url, signature) => {
    expect(isValidTwilioSignature([TOKEN], signature, url, PARAMS)).toBe(true);
  });

  it.each([
    ['a wrong signature', 'WRONG_SIGNATURE', [TOKEN], PARAMS],
    ['another token', VALID, ['54321'], PARAMS],
    ['no token at all', VALID, [], PARAMS],
    ['a changed parameter', VALID, [TOKEN], { ...PARAMS, Digits: '9' }],
  ])('refuses %s', (_case, signature, tokens, params) => {
    expect(
      isValidTwilioSignature(tokens, signature, 'https://mycompany.com/myapp.php?foo=1&bar=2', params),
    ).toBe(false);
  });

  it('accepts the token of any of the candidate accounts', () => {
    expect(
      isValidTwilioSignature(['other', TOKEN], VALID, 'https://mycompany.com/myapp.php?foo=1&bar=2', PARAMS),
    ).toBe(true);
  });
});

class Routes {
  @TwilioWebhook('voice')
  voice(): void {}
}

/** Webhook origins as a test says: one account with the vectors' token, or none. */
class FixedOrigins {
  readonly asked: { kind: WebhookKind; params: Record<string, string | undefined> }[] = [];
  constructor(private readonly tokens: string[]) {}
  resolve(kind: WebhookKind, params: Record<string, string | undefined>): Promise<ResolvedOrigin> {
    this.asked.push({ kind, params });
    return Promise.resolve({
      origin: { tenantId: 'acme', mapping: null, call: null, notice: null },
      credentials: this.tokens.map((token) => ({
        owner: 'platform' as const,
        accountSid: 'AC11111111111111111111111111111111',
        authToken: new Secret(token),
      })),
    });
  }
}

function guard(publicBaseUrl: string, tokens = [TOKEN]) {
  const origins = new FixedOrigins(tokens);
  const urls = new PublicUrls(loadEnv(DispatchEnvSchema, { PUBLIC_BASE_URL: publicBaseUrl }));
  return {
    guard: new TwilioSignatureGuard(new Reflector(), origins as unknown as WebhookOrigins, urls),
    origins,
  };
}

function context(request: TwilioWebhookRequest): ExecutionContext {
  return {
    getHandler: () => Object.getOwnPropertyDescriptor(Routes.prototype, 'voice')!.value as () => void,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

const request = (
  url: string,
  signature?: string,
  headers: Record<string, string> = {},
): TwilioWebhookRequest => ({
  url,
  headers: { ...headers, ...(signature === undefined ? {} : { 'x-twilio-signature': signature }) },
  body: { ...PARAMS },
  query: {},
});

describe(TwilioSignatureGuard.name, () => {
  it('verifies against PUBLIC_BASE_URL + path + query, and tells the handler where the call belongs', async () => {
    const { guard: g, origins } = guard('https://mycompany.com');
    const req = request('/myapp.php?foo=1&bar=2', VALID);

    await expect(g.canActivate(context(req))).resolves.toBe(true);
    expect(req.twilioKind).toBe('voice');
    expect(req.twilioOrigin).toEqual({ tenantId: 'acme', mapping: null, call: null, notice: null });
    expect(origins.asked).toEqual([{ kind: 'voice', params: PARAMS }]);
  });

  it('ignores Host and X-Forwarded-* (an ingress rewrites them)', async () => {
    const { guard: g } = guard('https://mycompany.com');
    const req = request('/myapp.php?foo=1&bar=2', VALID, {
      host: 'dispatch.internal:3000',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'evil.example',
    });

    await expect(g.canActivate(context(req))).resolves.toBe(true);
  });

  it('checks the public URL as configured, path prefix and host case included', async () => {
    await expect(
      guard('https://MyCompany.com').guard.canActivate(
        context(request('/myapp.php?foo=1&bar=2', 'g9IN/x4Cft2g517EjYvEvM/W7LU=')),
      ),
    ).resolves.toBe(true);
    await expect(
      guard('http://mycompany.com:1234').guard.canActivate(
        context(request('/myapp.php?foo=1&bar=2', 'Zmvh+3yNM1Phv2jhDCwEM3q5ebU=')),
      ),
    ).resolves.toBe(true);
  });

  it('refuses a request without a signature (400) before looking anything up', async () => {
    const { guard: g, origins } = guard('https://mycompany.com');

    await expect(g.canActivate(context(request('/myapp.php?foo=1&bar=2')))).rejects.toBeInstanceOf(
      TwilioSignatureMissing,
    );
    expect(origins.asked).toEqual([]);
  });

  it.each([
    ['a forged signature', 'https://mycompany.com', 'WRONG_SIGNATURE', [TOKEN]],
    ['a signature of another public URL', 'https://voice.example.com', VALID, [TOKEN]],
    ['a number whose account is unknown', 'https://mycompany.com', VALID, []],
  ])('refuses %s (403)', async (_case, base, signature, tokens) => {
    const req = request('/myapp.php?foo=1&bar=2', signature);
    await expect(guard(base, tokens).guard.canActivate(context(req))).rejects.toBeInstanceOf(
      TwilioSignatureInvalid,
    );
    expect(req.twilioOrigin).toBeUndefined();
  });
});
