import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentWentOfflineV1 } from '../presence/presence.events.v1';
import { presenceAsyncApi } from './presence.asyncapi';

const DOCUMENT = join(__dirname, '../../../../docs/asyncapi/presence.asyncapi.json');

describe('the AsyncAPI document of presence events', () => {
  it('is the one generated from the schemas in libs/contracts (run `npm run asyncapi` after changing them)', () => {
    const committed: unknown = JSON.parse(readFileSync(DOCUMENT, 'utf8'));

    expect(committed).toEqual(presenceAsyncApi());
  });

  it('describes each event on its tenant-scoped subject, with the envelope the schemas accept', () => {
    const doc = presenceAsyncApi() as {
      channels: Record<string, { address: string }>;
      components: {
        messages: Record<string, { payload: { properties: Record<string, unknown>; required: string[] } }>;
      };
    };

    expect(doc.channels.agentWentOffline?.address).toBe('presence.evt.{tenantId}.agent-went-offline.v1');
    const payload = doc.components.messages.agentWentOffline.payload;
    expect(payload.required).toEqual(
      expect.arrayContaining([
        'specversion',
        'id',
        'source',
        'type',
        'time',
        'subject',
        'datacontenttype',
        'data',
      ]),
    );
    expect(payload.properties.type).toEqual({ type: 'string', const: AgentWentOfflineV1.type });
  });
});
