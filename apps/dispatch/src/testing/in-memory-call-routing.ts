import type { Clock } from '@tp/ddd';
import { InMemoryTwilioAccountRepository } from '@tp/fakes';
import type { DispatchConfig } from '../dispatch.config';
import { AgentLegs } from '../routing/application/agent-legs';
import { OfferEngine } from '../routing/application/offer-engine';
import { QueueCalls } from '../routing/application/queue-calls';
import { CallRouting } from '../routing';
import { PublicUrls } from '../common/public-urls';
import { TwilioCredentialsSource } from '../common/twilio-credentials.source';
import { FakeAgentContacts } from './fake-agent-contacts';
import { FakeOutboundCalls } from './fake-outbound-calls';
import { FakePresenceCommands } from './fake-presence-commands';
import { InMemoryRoutingQueue } from './in-memory-routing-queue';
import { InMemoryWaitDeadlines } from './in-memory-wait-deadlines';

/** The routing wing on in-memory fakes, behind its seam, for the edge's unit tests. */
export function inMemoryCallRouting(
  config: DispatchConfig,
  clock: Clock,
  contacts = new FakeAgentContacts(),
) {
  const queue = new InMemoryRoutingQueue();
  const deadlines = new InMemoryWaitDeadlines();
  const twilio = new FakeOutboundCalls();
  const presence = new FakePresenceCommands();
  const engine = new OfferEngine(
    queue,
    contacts,
    twilio,
    presence,
    new TwilioCredentialsSource(config, new InMemoryTwilioAccountRepository()),
    new PublicUrls(config),
    clock,
    config,
  );
  const legs = new AgentLegs(queue, engine, presence, clock, config);
  const queues = new QueueCalls(queue, deadlines, engine, clock, config);
  return { routing: new CallRouting(queues, legs, queue), queue, deadlines, twilio, engine, legs };
}
