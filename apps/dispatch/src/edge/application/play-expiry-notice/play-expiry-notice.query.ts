import { Query } from '@nestjs/cqrs';
import type { CallAnswer } from '../../../common/call-answer';
import type { WebhookOrigin } from '../webhook-origins';

/** Twilio fetches what an answered expiry notice call plays (signature verified). */
export class PlayExpiryNoticeQuery extends Query<CallAnswer> {
  constructor(readonly origin: WebhookOrigin) {
    super();
  }
}
