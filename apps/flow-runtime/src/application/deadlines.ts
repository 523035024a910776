import { Inject, Injectable } from '@nestjs/common';
import type { CallBudget } from '@tp/flow-domain';
import { FLOW_RUNTIME_CONFIG, type FlowRuntimeConfig } from '../flow-runtime.config';

/** Hands each session turn its budget: `FLOW_RUNTIME_DEADLINE_MS` from now, shared by every request it makes. */
@Injectable()
export class Deadlines {
  constructor(
    @Inject(FLOW_RUNTIME_CONFIG) private readonly config: Pick<FlowRuntimeConfig, 'FLOW_RUNTIME_DEADLINE_MS'>,
  ) {}

  start(): CallBudget {
    const end = performance.now() + this.config.FLOW_RUNTIME_DEADLINE_MS;
    return { remainingMs: () => end - performance.now() };
  }
}
