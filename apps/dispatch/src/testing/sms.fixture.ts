// A world for the SMS use cases' unit tests: acme's SMS on (15 minutes, sent from its contact point
// +14155550100 on the platform account), one agent in Berlin, in-memory stores and a fixed clock.
import { Secret } from '@tp/dispatch-domain';
import { loadEnv } from '@tp/platform';
import {
  aMapping,
  FixedClock,
  InMemoryDispatchMappingRepository,
  InMemoryTwilioAccountRepository,
} from '@tp/fakes';
import { DispatchEnvSchema, type DispatchConfig } from '../dispatch.config';
import { TwilioCredentialsSource } from '../common/twilio-credentials.source';
import { AgentSms } from '../edge/application/sms/agent-sms';
import {
  FakeAgentDirectory,
  FakeAgentPresence,
  FakeSmsSender,
  InMemoryAgentWindows,
  InMemoryReceivedSmsLog,
  InMemorySentSmsLog,
  InMemorySmsOptOuts,
  InMemorySmsSettings,
} from './in-memory-sms';

export const SMS_NOW = new Date('2026-06-01T15:00:00Z');
export const SENDER = '+14155550100';
export const ANN = { id: 'agent-ann', phone: '+4915112345678' };

export function smsWorld() {
  const config: DispatchConfig = {
    ...loadEnv(DispatchEnvSchema, {}),
    platformAccount: {
      owner: 'platform',
      accountSid: 'AC11111111111111111111111111111111',
      authToken: new Secret('platform-token'),
    },
  };
  const clock = new FixedClock(SMS_NOW);
  const settings = new InMemorySmsSettings();
  void settings.save({
    tenantId: 'acme',
    enabled: true,
    reminderMinutes: 15,
    senderNumber: SENDER,
    updatedAt: SMS_NOW,
  });
  const mappings = new InMemoryDispatchMappingRepository().seed(aMapping().build());
  const directory = new FakeAgentDirectory().add('acme', ANN.id, ANN.phone);
  const optOuts = new InMemorySmsOptOuts();
  const sender = new FakeSmsSender();
  const sent = new InMemorySentSmsLog();
  const received = new InMemoryReceivedSmsLog();
  const windows = new InMemoryAgentWindows();
  const presence = new FakeAgentPresence();
  const credentials = new TwilioCredentialsSource(config, new InMemoryTwilioAccountRepository());
  const sms = new AgentSms(settings, mappings, credentials, directory, optOuts, sender, sent, clock);
  return { clock, settings, mappings, directory, optOuts, sender, sent, received, windows, presence, sms };
}
export type SmsWorld = ReturnType<typeof smsWorld>;
