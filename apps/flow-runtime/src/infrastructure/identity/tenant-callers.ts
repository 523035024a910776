import type { CallerEntryV1 } from '@tp/contracts';

/** An identity event of one user, as far as a caller directory cares. */
export type CallerChange =
  | { readonly kind: 'created'; readonly caller: CallerEntryV1 }
  | {
      readonly kind: 'updated';
      readonly userId: string;
      readonly version: number;
      readonly name: string;
      readonly timeZone: string;
      readonly hasPin: boolean;
    }
  | {
      readonly kind: 'numbers';
      readonly userId: string;
      readonly version: number;
      readonly numbers: string[];
    }
  | {
      readonly kind: 'status';
      readonly userId: string;
      readonly version: number;
      readonly status: CallerEntryV1['status'];
    }
  | { readonly kind: 'other'; readonly userId: string; readonly version: number };

/**
 * One tenant's users by calling number, as identity's snapshot and events tell them. Each user's
 * `version` grows by one with each change and each change is one event, so an event is applied only
 * when it is the next one of its user: an older one changes nothing, and a later one (an event was
 * missed) makes the whole copy untrustworthy (`gap`: load it again).
 */
export class TenantCallers {
  private readonly byUser = new Map<string, CallerEntryV1>();
  private readonly byNumber = new Map<string, string>();

  constructor(snapshot: readonly CallerEntryV1[] = []) {
    for (const caller of snapshot) this.put(caller);
  }

  /** The user a number belongs to, disabled ones included. */
  byPhone(e164: string): CallerEntryV1 | null {
    const userId = this.byNumber.get(e164);
    return userId === undefined ? null : (this.byUser.get(userId) ?? null);
  }

  get size(): number {
    return this.byUser.size;
  }

  apply(change: CallerChange): 'applied' | 'stale' | 'gap' {
    const userId = change.kind === 'created' ? change.caller.userId : change.userId;
    const version = change.kind === 'created' ? change.caller.version : change.version;
    const known = this.byUser.get(userId);
    if (known !== undefined && version <= known.version) return 'stale';
    if (change.kind === 'created') {
      this.put(change.caller);
      return 'applied';
    }
    if (known === undefined || version !== known.version + 1) return 'gap';
    switch (change.kind) {
      case 'updated':
        this.put({ ...known, version, name: change.name, timeZone: change.timeZone, hasPin: change.hasPin });
        break;
      case 'numbers':
        this.put({ ...known, version, numbers: change.numbers });
        break;
      case 'status':
        this.put({ ...known, version, status: change.status });
        break;
      case 'other':
        this.put({ ...known, version });
        break;
    }
    return 'applied';
  }

  private put(caller: CallerEntryV1): void {
    const before = this.byUser.get(caller.userId);
    for (const number of before?.numbers ?? [])
      if (this.byNumber.get(number) === caller.userId) this.byNumber.delete(number);
    this.byUser.set(caller.userId, caller);
    for (const number of caller.numbers) this.byNumber.set(number, caller.userId);
  }
}
