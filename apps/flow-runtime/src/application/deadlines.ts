import { Inject, Injectable } from '@nestjs/common';
import type { CallBudget } from '@tp/flow-domain';
import { FLOW_RUNTIME_CONFIG, type FlowRuntimeConfig } from '../flow-runtime.config';

/**
 * Hands each session turn its budget, shared by every request it makes: `FLOW_RUNTIME_DEADLINE_MS`
 * from now, or less when the caller (dispatch, answering Twilio) stops waiting sooner. Work for a
 * caller who has given up would be an effect nobody was told of; the requests this turn makes carry
 * the same deadline on (`callRpc`), so presence and identity refuse them once it has passed.
 */
@Injectable()
export class Deadlines {
  constructor(
    @Inject(FLOW_RUNTIME_CONFIG) private readonly config: Pick<FlowRuntimeConfig, 'FLOW_RUNTIME_DEADLINE_MS'>,
  ) {}

  /** `callerWaitsMs`: how long the caller still waits for the answer (the request's deadline). */
  start(callerWaitsMs = Number.POSITIVE_INFINITY): CallBudget {
    const end = performance.now() + Math.min(this.config.FLOW_RUNTIME_DEADLINE_MS, callerWaitsMs);
    return { remainingMs: () => end - performance.now() };
  }
}
