import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OfferMissedV1 } from '../dispatch/dispatch.events.v1';
import { dispatchAsyncApi } from './dispatch.asyncapi';

const DOCUMENT = join(__dirname, '../../../../docs/asyncapi/dispatch.asyncapi.json');

describe('the AsyncAPI document of routing events', () => {
  it('is the one generated from the schemas in libs/contracts (run `npm run asyncapi` after changing them)', () => {
    const committed: unknown = JSON.parse(readFileSync(DOCUMENT, 'utf8'));

    expect(committed).toEqual(dispatchAsyncApi());
  });

  it('describes each event on its tenant-scoped subject, the miss with its reason', () => {
    const doc = dispatchAsyncApi() as {
      channels: Record<string, { address: string }>;
      components: {
        messages: Record<
          string,
          { payload: { properties: Record<string, { properties?: Record<string, unknown> }> } }
        >;
      };
    };

    expect(Object.values(doc.channels).map((c) => c.address)).toEqual([
      'dispatch.evt.{tenantId}.offer-made.v1',
      'dispatch.evt.{tenantId}.offer-accepted.v1',
      'dispatch.evt.{tenantId}.offer-missed.v1',
      'dispatch.evt.{tenantId}.call-answered.v1',
      'dispatch.evt.{tenantId}.call-abandoned.v1',
      'dispatch.evt.{tenantId}.call-timed-out.v1',
    ]);
    const missed = doc.components.messages.offerMissed.payload;
    expect(missed.properties.type).toEqual({ type: 'string', const: OfferMissedV1.type });
    expect(missed.properties.data?.properties?.reason).toMatchObject({
      enum: expect.arrayContaining(['no-key']),
    });
  });
});
