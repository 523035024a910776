import { WaitingCall, type AgentOffer } from '@tp/routing-domain';
import { newWaitingCall } from '../../../testing/new-waiting-call';
import { LegsRead } from './legs-read';

const NOW = new Date('2026-11-24T18:00:00.000Z');
const offerNo = (n: number): AgentOffer =>
  WaitingCall.enqueue(newWaitingCall()).offerTo(
    { offerId: `offer-${n}`, agentId: 'ada', reservationId: `r-${n}`, holdUntil: NOW },
    NOW,
  );

describe(LegsRead.name, () => {
  it('hands an offer read lately out once, as it was read (a later change of the original is not seen)', () => {
    const read = new LegsRead();
    const offer = offerNo(1);
    read.remember(offer);
    offer.legStatus('ringing', 1);

    expect(read.take('offer-1')?.state()).toMatchObject({ id: 'offer-1', legStatus: null, legSequence: -1 });
    expect(read.take('offer-1')).toBeNull();
    expect(read.take('offer-2')).toBeNull();
  });

  it('keeps the last ones read, at most its limit', () => {
    const read = new LegsRead();
    for (let n = 0; n <= LegsRead.LIMIT; n += 1) read.remember(offerNo(n));

    expect(read.take('offer-0')).toBeNull();
    expect(read.take('offer-1')?.id).toBe('offer-1');
    expect(read.take(`offer-${LegsRead.LIMIT}`)?.id).toBe(`offer-${LegsRead.LIMIT}`);
  });
});
