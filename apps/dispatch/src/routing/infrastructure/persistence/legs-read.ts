import { AgentOffer } from '@tp/routing-domain';

/**
 * The offers this replica read last (at most {@link LegsRead.LIMIT}), so that an agent leg's
 * status callback, which reads its offer before applying the status, does not read it twice. Safe
 * however old: a leg only moves forward (a higher `SequenceNumber`, then a final status), so a stale
 * copy never lets a status through that the row refuses (the compare-and-set fails and the row is
 * read again), and a status the copy refuses the row refuses too.
 */
export class LegsRead {
  static readonly LIMIT = 1000;
  private readonly offers = new Map<string, AgentOffer>();

  remember(offer: AgentOffer): void {
    this.offers.delete(offer.id);
    this.offers.set(offer.id, AgentOffer.restore(offer.state()));
    if (this.offers.size > LegsRead.LIMIT) this.offers.delete(this.offers.keys().next().value!);
  }

  /** The offer as last read, once (null when not read lately). */
  take(offerId: string): AgentOffer | null {
    const offer = this.offers.get(offerId) ?? null;
    this.offers.delete(offerId);
    return offer;
  }
}
