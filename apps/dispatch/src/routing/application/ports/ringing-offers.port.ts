/** The offers of a caller who left the queue (the offer engine). */
export abstract class RingingOffers {
  /**
   * The caller left the queue (hung up, or the maximum wait): an offer still ringing is a miss
   * (`caller-gone`, not counted against the agent) and the agent's phone stops ringing.
   */
  abstract callerLeft(offerId: string | null): Promise<void>;
}
