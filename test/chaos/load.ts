/**
 * The steady load a fault lands in: simulated agents calling the Timed Presence number through the
 * balancer, as Twilio would, a few at a time. Each call is one of: go online for the first preset
 * (8 hours), go online until a time of day a minute or so away (key 5, HHMM in UTC, 1 to confirm; these
 * are the expiries), or go offline (0). A call that hears the apology simply ends, as a caller
 * would hang up; what every webhook got back is recorded by the balancer.
 */
import { CallSimulator } from '@tp/twilio-simulator';

export interface LoadOptions {
  simulator: CallSimulator;
  contactPoint: string;
  phones: string[];
  /** Calls in flight at once. */
  concurrency: number;
  /** Pause of each caller between two calls. */
  pauseMs: number;
  /** How far ahead, at least, an agent going online until a time of day picks it (20 s unless told). */
  untilLeadMs?: number;
}

export interface LoadStats {
  calls: number;
  /** Calls that ended with what the caller asked for confirmed. */
  served: number;
  /** When each served call started and ended (ms). */
  servedCalls: { startedAt: number; endedAt: number }[];
  /** Calls whose webhooks could not be followed (an answer that is not TwiML). */
  broken: number;
  errors: string[];
}

export interface Load {
  readonly stats: LoadStats;
  /** Stops starting calls and resolves when the calls in flight have ended. */
  stop(): Promise<void>;
}

/** HHMM (UTC) of the first whole minute at least `leadMs` from now. */
export function untilSoon(now = Date.now(), leadMs = 20_000): string {
  const at = new Date(Math.ceil((now + leadMs) / 60_000) * 60_000);
  return `${String(at.getUTCHours()).padStart(2, '0')}${String(at.getUTCMinutes()).padStart(2, '0')}`;
}

async function oneCall(options: LoadOptions, phone: string, kind: number): Promise<boolean> {
  const call = await options.simulator.dial({ from: phone, to: options.contactPoint });
  if (call.ended || !call.gather) return false;
  if (kind === 0) {
    await call.press('0');
    return call.ended && /offline/i.test(call.lastSaid);
  }
  if (kind === 1) {
    await call.press('1');
    return call.ended && /now online/i.test(call.lastSaid);
  }
  await call.press('5');
  if (call.ended || !call.gather) return false;
  await call.press(untilSoon(Date.now(), options.untilLeadMs));
  if (call.ended || !call.gather) return false;
  await call.press('1');
  return call.ended && /online/i.test(call.lastSaid) && !/sorry/i.test(call.lastSaid);
}

export function startLoad(options: LoadOptions): Load {
  const stats: LoadStats = { calls: 0, served: 0, servedCalls: [], broken: 0, errors: [] };
  const busy = new Set<string>();
  let stopping = false;
  const worker = async () => {
    while (!stopping) {
      const free = options.phones.filter((p) => !busy.has(p));
      const phone = free[Math.floor(Math.random() * free.length)];
      busy.add(phone);
      // Mostly short expiries, so that each fault has agents due during it.
      const kind = [0, 1, 2, 2][Math.floor(Math.random() * 4)];
      stats.calls += 1;
      const startedAt = Date.now();
      try {
        if (await oneCall(options, phone, kind)) {
          stats.served += 1;
          stats.servedCalls.push({ startedAt, endedAt: Date.now() });
        }
      } catch (error) {
        stats.broken += 1;
        if (stats.errors.length < 20) stats.errors.push(String(error));
      } finally {
        busy.delete(phone);
      }
      if (!stopping) await new Promise((r) => setTimeout(r, options.pauseMs));
    }
  };
  const workers = Array.from({ length: options.concurrency }, () => worker());
  return {
    stats,
    stop: async () => {
      stopping = true;
      await Promise.all(workers);
    },
  };
}
