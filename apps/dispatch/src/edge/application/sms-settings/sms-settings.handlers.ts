import {
  CommandHandler,
  Command,
  Query,
  QueryHandler,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { DispatchMappingRepository } from '@tp/dispatch-domain';
import { SmsSettingsRepository } from '../ports/sms.ports';
import { SmsSenderNotMapped, SmsSenderRequired } from './sms-settings.errors';
import { smsSettingsView, type SmsSettingsView } from './sms-settings.view';

export class GetSmsSettingsQuery extends Query<SmsSettingsView> {
  constructor(readonly tenantId: string) {
    super();
  }
}

/** The tenant's SMS settings; off with the default reminder when never set. */
@QueryHandler(GetSmsSettingsQuery)
export class GetSmsSettingsHandler implements IQueryHandler<GetSmsSettingsQuery> {
  constructor(private readonly settings: SmsSettingsRepository) {}

  async execute({ tenantId }: GetSmsSettingsQuery): Promise<SmsSettingsView> {
    return smsSettingsView(await this.settings.find(tenantId));
  }
}

export class SetSmsSettingsCommand extends Command<SmsSettingsView> {
  constructor(
    readonly tenantId: string,
    readonly enabled: boolean,
    readonly reminderMinutes: number,
    /** E.164, already normalised; null for none. */
    readonly senderNumber: string | null,
  ) {
    super();
  }
}

/**
 * Sets the tenant's SMS settings (ADR 28). Switching SMS on takes a sender number, which must be an
 * active contact point of the tenant (its mapping's Twilio account sends and verifies the SMS).
 * A new reminder lead applies to windows that start or change from then on.
 */
@CommandHandler(SetSmsSettingsCommand)
export class SetSmsSettingsHandler implements ICommandHandler<SetSmsSettingsCommand> {
  constructor(
    private readonly settings: SmsSettingsRepository,
    private readonly mappings: DispatchMappingRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: SetSmsSettingsCommand): Promise<SmsSettingsView> {
    const { tenantId, enabled, reminderMinutes, senderNumber } = command;
    if (enabled && senderNumber === null) throw new SmsSenderRequired();
    if (senderNumber !== null) {
      const mapping = await this.mappings.findByPhoneNumber(senderNumber);
      if (!mapping || mapping.tenantId !== tenantId || !mapping.active)
        throw new SmsSenderNotMapped(senderNumber);
    }
    const saved = { tenantId, enabled, reminderMinutes, senderNumber, updatedAt: this.clock.now() };
    await this.settings.save(saved);
    return smsSettingsView(saved);
  }
}
