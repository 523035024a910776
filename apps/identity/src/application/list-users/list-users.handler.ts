import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { IdentityFieldInvalid, UserRepository } from '@tp/identity-domain';
import { InvalidPhoneNumber, PhoneNumber } from '@tp/telephony-domain';
import { IdentitySettings } from '../identity.settings';
import { toUserView, type UserView } from '../user.view';
import { ListUsersQuery } from './list-users.query';
import { decodeCursor, encodeCursor } from './user-cursor';

export interface UserListView {
  items: UserView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

@QueryHandler(ListUsersQuery)
export class ListUsersHandler implements IQueryHandler<ListUsersQuery, UserListView> {
  constructor(
    private readonly users: UserRepository,
    private readonly settings: IdentitySettings,
  ) {}

  async execute({ tenantId, filter }: ListUsersQuery): Promise<UserListView> {
    const page = await this.users.list({
      tenantId,
      limit: filter.limit,
      after: filter.cursor === undefined ? undefined : decodeCursor(filter.cursor),
      skill: filter.skill,
      number: filter.number === undefined ? undefined : normalised(filter.number),
    });
    return {
      items: page.users.map((u) => toUserView(u, this.settings.defaultTimeZone)),
      nextCursor: page.next === null ? null : encodeCursor(page.next),
    };
  }
}

function normalised(number: string): string {
  try {
    return PhoneNumber.parse(number).value;
  } catch (error) {
    if (error instanceof InvalidPhoneNumber) {
      throw new IdentityFieldInvalid('number', `is not an E.164 phone number (${error.reason})`, number);
    }
    throw error;
  }
}
