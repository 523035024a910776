/** A call still waiting (waiting or being offered), with the offer ringing for it, if any. */
export interface WaitingCallLine {
  readonly id: string;
  readonly callSid: string;
  readonly queueName: string;
  readonly requiredSkills: readonly string[];
  readonly priority: number;
  readonly enqueuedAt: Date;
  readonly deadline: Date;
  readonly offer: RingingOfferLine | null;
}

/** An offer placed or ringing at an agent's phone. */
export interface RingingOfferLine {
  readonly id: string;
  readonly agentId: string;
  readonly status: 'placing' | 'ringing';
  readonly attempt: number;
  readonly since: Date;
}

/** How many waits of one skill set ended how, since a time. */
export interface EndedWaitCount {
  readonly requiredSkills: readonly string[];
  readonly queueNames: readonly string[];
  readonly answered: number;
  readonly abandoned: number;
  readonly timedOut: number;
}

/**
 * Reads for the queue board (the console's live queue view): a small read-model query over the
 * routing tables, apart from the `RoutingQueue` that changes them. Every read is one tenant's.
 */
export abstract class QueueBoardReads {
  /** The tenant's calls still waiting, in offer order, each with its open offer. */
  abstract waitingCalls(tenantId: string): Promise<WaitingCallLine[]>;
  /** The tenant's waits that ended since `since`, counted per skill set: answered (accepted), abandoned, timed out. */
  abstract endedSince(tenantId: string, since: Date): Promise<EndedWaitCount[]>;
}
