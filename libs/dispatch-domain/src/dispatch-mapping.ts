import { MappingVersionMismatch } from './dispatch.errors';
import {
  parseContactPoint,
  parseFlowId,
  parseInteractionType,
  parseMappingDescription,
  parseMappingName,
  parseMappingType,
  parseTwilioAccountOwner,
  type InteractionType,
  type MappingType,
  type TwilioAccountOwner,
} from './mapping-fields';

/** Everything a mapping holds, as stored. */
export interface DispatchMappingProps {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly description: string | null;
  readonly interactionType: InteractionType;
  readonly mappingType: MappingType;
  /** The contact point, E.164; unique across all tenants. */
  readonly phoneNumber: string;
  readonly flowId: string;
  readonly twilioAccount: TwilioAccountOwner;
  readonly active: boolean;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What an admin gives to create a mapping; the types default to the only ones there are. */
export interface NewDispatchMapping {
  id: string;
  tenantId: string;
  name: string;
  description?: string | null;
  interactionType?: string;
  mappingType?: string;
  phoneNumber: string;
  flowId: string;
  twilioAccount?: string;
  active?: boolean;
}

export interface DispatchMappingChanges {
  name?: string;
  description?: string | null;
  phoneNumber?: string;
  flowId?: string;
  twilioAccount?: string;
  active?: boolean;
}

export type MappingChangeField = keyof DispatchMappingChanges;

/** What a change did, and what must be checked before it is saved. */
export interface MappingChange {
  readonly changed: readonly MappingChangeField[];
  /**
   * The flow to check with flow-runtime (exists in the tenant, published), or null: a new flow is
   * checked, and so is the flow of a mapping being switched on (it may have been unpublished since).
   */
  readonly flowToCheck: string | null;
  /** True when the mapping now relies on the tenant's own Twilio account and did not before. */
  readonly needsTenantAccount: boolean;
  /** True when the mapping now relies on the platform account and did not before. */
  readonly needsPlatformAccount: boolean;
}

/**
 * A dispatch mapping: calls to a contact point (a phone number, E.164) go to a flow of the tenant.
 * The number belongs to exactly one tenant and one Twilio account (the platform's or the tenant's
 * own), whose Auth Token signs the number's webhooks. `version` is 1 at creation and +1 per change;
 * a change that changes nothing keeps it.
 */
export class DispatchMapping {
  private constructor(
    private props: DispatchMappingProps,
    /** The version the store holds (what a save must still find there). */
    readonly storedVersion: number,
  ) {}

  /** Validates every field; the flow (exists, published) is checked by the caller with flow-runtime. */
  static create(input: NewDispatchMapping, now: Date): { mapping: DispatchMapping; change: MappingChange } {
    const twilioAccount = parseTwilioAccountOwner(input.twilioAccount ?? 'platform');
    const mapping = new DispatchMapping(
      {
        id: input.id,
        tenantId: input.tenantId,
        name: parseMappingName(input.name),
        description: parseMappingDescription(input.description),
        interactionType: parseInteractionType(input.interactionType ?? 'voice'),
        mappingType: parseMappingType(input.mappingType ?? 'contact-point'),
        phoneNumber: parseContactPoint(input.phoneNumber),
        flowId: parseFlowId(input.flowId),
        twilioAccount,
        active: input.active ?? true,
        version: 1,
        createdAt: now,
        updatedAt: now,
      },
      0,
    );
    return {
      mapping,
      change: {
        changed: ['name', 'description', 'phoneNumber', 'flowId', 'twilioAccount', 'active'],
        flowToCheck: mapping.flowId,
        needsTenantAccount: twilioAccount === 'tenant',
        needsPlatformAccount: twilioAccount === 'platform',
      },
    };
  }

  static restore(props: DispatchMappingProps): DispatchMapping {
    return new DispatchMapping({ ...props }, props.version);
  }

  get id(): string {
    return this.props.id;
  }
  get tenantId(): string {
    return this.props.tenantId;
  }
  get name(): string {
    return this.props.name;
  }
  get description(): string | null {
    return this.props.description;
  }
  get interactionType(): InteractionType {
    return this.props.interactionType;
  }
  get mappingType(): MappingType {
    return this.props.mappingType;
  }
  get phoneNumber(): string {
    return this.props.phoneNumber;
  }
  get flowId(): string {
    return this.props.flowId;
  }
  get twilioAccount(): TwilioAccountOwner {
    return this.props.twilioAccount;
  }
  get active(): boolean {
    return this.props.active;
  }
  get version(): number {
    return this.props.version;
  }
  get createdAt(): Date {
    return this.props.createdAt;
  }
  get updatedAt(): Date {
    return this.props.updatedAt;
  }

  /** A call to the contact point is dispatched to the flow only while the mapping is active. */
  get acceptsCalls(): boolean {
    return this.props.active && this.props.interactionType === 'voice';
  }

  /** Refuses to edit over a change the admin has not seen (`expectedVersion` of a PATCH). */
  assertVersion(expectedVersion: number | undefined): void {
    if (expectedVersion !== undefined && expectedVersion !== this.props.version)
      throw new MappingVersionMismatch(this.props.id, expectedVersion, this.props.version);
  }

  /** Applies the changes that differ; validates each; the version grows once if anything changed. */
  change(changes: DispatchMappingChanges, now: Date): MappingChange {
    const before = this.props;
    const next: { -readonly [K in keyof DispatchMappingProps]: DispatchMappingProps[K] } = { ...before };
    if (changes.name !== undefined) next.name = parseMappingName(changes.name);
    if (changes.description !== undefined) next.description = parseMappingDescription(changes.description);
    if (changes.phoneNumber !== undefined) next.phoneNumber = parseContactPoint(changes.phoneNumber);
    if (changes.flowId !== undefined) next.flowId = parseFlowId(changes.flowId);
    if (changes.twilioAccount !== undefined)
      next.twilioAccount = parseTwilioAccountOwner(changes.twilioAccount);
    if (changes.active !== undefined) next.active = changes.active;

    const fields: MappingChangeField[] = [
      'name',
      'description',
      'phoneNumber',
      'flowId',
      'twilioAccount',
      'active',
    ];
    const changed = fields.filter((field) => next[field] !== before[field]);
    if (changed.length === 0)
      return { changed, flowToCheck: null, needsTenantAccount: false, needsPlatformAccount: false };

    const accountChanged = changed.includes('twilioAccount');
    this.props = { ...next, version: before.version + 1, updatedAt: now };
    return {
      changed,
      flowToCheck: changed.includes('flowId') || (next.active && !before.active) ? next.flowId : null,
      needsTenantAccount: accountChanged && next.twilioAccount === 'tenant',
      needsPlatformAccount: accountChanged && next.twilioAccount === 'platform',
    };
  }

  toSnapshot(): DispatchMappingProps {
    return { ...this.props };
  }
}
