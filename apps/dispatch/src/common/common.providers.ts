import type { Provider } from '@nestjs/common';
import { NatsAgentContacts } from './infrastructure/nats-agent-contacts';
import { TwilioRestOutboundCalls } from './infrastructure/twilio/twilio-rest.outbound-calls';
import { AgentContacts } from './ports/agent-contacts.port';
import { OutboundCalls } from './ports/outbound-calls.port';
import { PublicUrls } from './public-urls';
import { TwilioCredentialsSource } from './twilio-credentials.source';

/** What both wings use: Twilio credentials, outbound calls, agents' numbers, dispatch's public URLs. */
export const commonProviders: Provider[] = [
  { provide: OutboundCalls, useClass: TwilioRestOutboundCalls },
  { provide: AgentContacts, useClass: NatsAgentContacts },
  TwilioCredentialsSource,
  PublicUrls,
];
