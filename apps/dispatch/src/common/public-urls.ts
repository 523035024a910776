import { Inject, Injectable } from '@nestjs/common';
import { DISPATCH_CONFIG, type DispatchConfig } from '../dispatch.config';

/**
 * The URLs Twilio calls back, all under PUBLIC_BASE_URL (what Twilio signs, whatever the ingress
 * does to Host and scheme).
 */
@Injectable()
export class PublicUrls {
  readonly base: string;

  constructor(@Inject(DISPATCH_CONFIG) config: DispatchConfig) {
    this.base = config.publicBaseUrl;
  }

  /** The public URL of a request Twilio made: PUBLIC_BASE_URL + path + query as received. */
  of(pathAndQuery: string): string {
    return `${this.base}${pathAndQuery}`;
  }

  gather(sessionId: string, turn: number): string {
    return `${this.base}/twilio/gather?session=${encodeURIComponent(sessionId)}&turn=${turn}`;
  }

  notice(noticeId: string): string {
    return `${this.base}/twilio/notice?notice=${encodeURIComponent(noticeId)}`;
  }

  queueWait(waitingCallId: string): string {
    return `${this.base}/twilio/queue/wait?call=${encodeURIComponent(waitingCallId)}`;
  }

  queueResult(waitingCallId: string): string {
    return `${this.base}/twilio/queue/result?call=${encodeURIComponent(waitingCallId)}`;
  }

  /** What a caller dispatch took out of their queue at the maximum wait runs: the flow's timeout turn. */
  queueTimeout(waitingCallId: string): string {
    return `${this.base}/twilio/queue/timeout?call=${encodeURIComponent(waitingCallId)}`;
  }

  offerScreen(offerId: string): string {
    return `${this.base}/twilio/offer/screen?offer=${encodeURIComponent(offerId)}`;
  }

  offerAnswer(offerId: string): string {
    return `${this.base}/twilio/offer/answer?offer=${encodeURIComponent(offerId)}`;
  }

  offerStatus(offerId: string): string {
    return `${this.base}/twilio/offer/status?offer=${encodeURIComponent(offerId)}`;
  }

  status(): string {
    return `${this.base}/twilio/status`;
  }
}
