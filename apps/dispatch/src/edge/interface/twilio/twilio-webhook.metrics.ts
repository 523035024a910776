import { Injectable } from '@nestjs/common';
import { Metrics } from '@tp/platform';
import { Counter, Histogram } from 'prom-client';
import type { WebhookKind } from '../../application/webhook-origins';

/**
 * How a webhook was answered: `ok` (the flow's TwiML), `not-in-service`, `apology` (a failure or
 * the deadline), `overloaded` (a new call apologised to at once: too many webhooks in flight),
 * `rejected-missing-signature` (400), `rejected-bad-signature` (403), `error` (a status callback
 * that failed; Twilio ignores its body).
 */
export type WebhookOutcome =
  | 'ok'
  | 'not-in-service'
  | 'apology'
  | 'overloaded'
  | 'rejected-missing-signature'
  | 'rejected-bad-signature'
  | 'error';

/** Twilio webhook latency by route and outcome, and a count of everything that was not `ok`. */
@Injectable()
export class TwilioWebhookMetrics {
  private readonly duration: Histogram<'route' | 'outcome'>;
  private readonly fallbacks: Counter<'route' | 'outcome'>;

  constructor(metrics: Metrics) {
    this.duration = new Histogram({
      name: 'tp_twilio_webhook_duration_seconds',
      help: 'Time to answer a Twilio webhook, by route and outcome.',
      labelNames: ['route', 'outcome'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      registers: [metrics.registry],
    });
    this.fallbacks = new Counter({
      name: 'tp_twilio_webhook_fallbacks_total',
      help: 'Twilio webhooks not answered with the flow: not in service, apologies, rejected signatures, errors.',
      labelNames: ['route', 'outcome'],
      registers: [metrics.registry],
    });
  }

  observe(route: WebhookKind, outcome: WebhookOutcome, seconds: number): void {
    this.duration.observe({ route, outcome }, seconds);
    if (outcome !== 'ok') this.fallbacks.inc({ route, outcome });
  }
}
