import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PublicUrls } from '../../../common/public-urls';
import { WebhookOrigins, type WebhookKind } from '../../application/webhook-origins';
import {
  isValidTwilioSignature,
  TWILIO_SIGNATURE_HEADER,
} from '../../infrastructure/twilio/twilio-signature';
import { formParams, TWILIO_WEBHOOK_KIND, type TwilioWebhookRequest } from './twilio-webhook.request';

/** No `X-Twilio-Signature` header: 400. */
export class TwilioSignatureMissing extends Error {
  constructor() {
    super('the request has no X-Twilio-Signature header');
    this.name = 'TwilioSignatureMissing';
  }
}

/** The signature does not match the Auth Token of the account that owns the number: 403. */
export class TwilioSignatureInvalid extends Error {
  constructor() {
    super('the X-Twilio-Signature does not match');
    this.name = 'TwilioSignatureInvalid';
  }
}

/**
 * Verifies every Twilio webhook before anything acts on it: the signature over PUBLIC_BASE_URL +
 * path + query as received (never Host or X-Forwarded-*, which an ingress rewrites) and the POST
 * parameters, keyed by the Auth Token of the Twilio account that owns the number (the platform's
 * or the tenant's own). Sets what the request belongs to for the handler.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly origins: WebhookOrigins,
    private readonly urls: PublicUrls,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const kind = this.reflector.get<WebhookKind | undefined>(TWILIO_WEBHOOK_KIND, context.getHandler());
    if (kind === undefined) throw new Error('a Twilio route must name its webhook with @TwilioWebhook()');
    const request = context.switchToHttp().getRequest<TwilioWebhookRequest>();
    request.twilioKind = kind;
    const header = request.headers[TWILIO_SIGNATURE_HEADER];
    const signature = Array.isArray(header) ? header[0] : header;
    if (!signature) throw new TwilioSignatureMissing();

    const params = formParams(request.body);
    const { origin, credentials } = await this.origins.resolve(kind, params, formParams(request.query));
    const tokens = credentials.map((c) => c.authToken.reveal());
    if (!isValidTwilioSignature(tokens, signature, this.urls.of(request.url), params))
      throw new TwilioSignatureInvalid();
    request.twilioOrigin = origin;
    return true;
  }
}
