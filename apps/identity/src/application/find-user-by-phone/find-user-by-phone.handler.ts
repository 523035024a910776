import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { FindUserByPhoneReply } from '@tp/contracts';
import { CallerDirectory } from '@tp/identity-domain';
import { PhoneNumber } from '@tp/telephony-domain';
import { IdentitySettings } from '../identity.settings';
import { FindUserByPhoneQuery } from './find-user-by-phone.query';

/**
 * Who owns a calling number. A caller ID that is no phone number (`anonymous`, `client:alice`) and
 * a disabled user are "not found": the IVR then plays its lookup error, and a disabled agent
 * cannot go online. `includeDisabled` lets an admin tool see them anyway.
 */
@QueryHandler(FindUserByPhoneQuery)
export class FindUserByPhoneHandler implements IQueryHandler<FindUserByPhoneQuery, FindUserByPhoneReply> {
  constructor(
    private readonly directory: CallerDirectory,
    private readonly settings: IdentitySettings,
  ) {}

  async execute({ tenantId, phone, includeDisabled }: FindUserByPhoneQuery): Promise<FindUserByPhoneReply> {
    const number = PhoneNumber.tryParse(phone);
    if (number === null) return { found: false };
    const caller = await this.directory.findByPstnNumber(tenantId, number.value);
    if (caller === null || (caller.status === 'disabled' && !includeDisabled)) return { found: false };
    return {
      found: true,
      user: {
        id: caller.userId,
        name: caller.name,
        skills: [...caller.skills],
        timeZone: caller.timeZone ?? this.settings.defaultTimeZone.name,
        hasPin: caller.hasPin,
        status: caller.status,
      },
    };
  }
}
