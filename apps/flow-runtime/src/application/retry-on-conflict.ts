import { FlowChangedConcurrently } from '@tp/flow-domain';

const ATTEMPTS = 5;

/**
 * Runs a read-change-save of a flow again on fresh state when another writer of the same flow won
 * the race (two admins adding versions at once): each attempt reads anew, so nothing is lost.
 */
export async function retryOnConflict<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof FlowChangedConcurrently) || attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}
