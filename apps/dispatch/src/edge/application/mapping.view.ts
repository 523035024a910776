import type { DispatchMapping, InteractionType, MappingType, TwilioAccountOwner } from '@tp/dispatch-domain';

/** A dispatch mapping as the admin API shows it. */
export interface MappingView {
  id: string;
  name: string;
  description: string | null;
  interactionType: InteractionType;
  mappingType: MappingType;
  phoneNumber: string;
  flowId: string;
  twilioAccount: TwilioAccountOwner;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface MappingListView {
  items: MappingView[];
  total: number;
  limit: number;
  offset: number;
}

export function toMappingView(mapping: DispatchMapping): MappingView {
  const { tenantId: _tenantId, createdAt, updatedAt, ...rest } = mapping.toSnapshot();
  return { ...rest, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
}
