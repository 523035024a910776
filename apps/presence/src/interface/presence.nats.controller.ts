import { Controller } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ExtendWindow,
  GetPresence,
  GoOffline,
  GoOnline,
  MarkAvailable,
  MarkBusy,
  StartBreak,
  type PresenceView,
  type RpcResult,
} from '@tp/contracts';
import { serveRpc } from '@tp/platform';
import { ExtendWindowCommand } from '../application/extend-window/extend-window.command';
import { GetPresenceQuery } from '../application/get-presence/get-presence.query';
import { GoOfflineCommand } from '../application/go-offline/go-offline.command';
import { GoOnlineCommand } from '../application/go-online/go-online.command';
import { MarkAvailableCommand } from '../application/mark-available/mark-available.command';
import { MarkBusyCommand } from '../application/mark-busy/mark-busy.command';
import { StartBreakCommand } from '../application/start-break/start-break.command';

/** Presence commands over NATS request/reply (queue group `presence`): translation only. */
@Controller()
export class PresenceNatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @MessagePattern(GoOnline.subject)
  goOnline(@Payload() payload: unknown): Promise<RpcResult<PresenceView>> {
    return serveRpc(GoOnline, payload, (r) =>
      this.commands.execute(
        new GoOnlineCommand(
          r.tenantId,
          r.agentId,
          r.until === undefined ? (r.hours as number) : { until: new Date(r.until) },
          r.reason,
          {
            callSid: r.callSid,
            flowId: r.flowId,
            maxHours: r.maxHours,
            via: r.via,
          },
        ),
      ),
    );
  }

  @MessagePattern(ExtendWindow.subject)
  extendWindow(@Payload() payload: unknown): Promise<RpcResult<PresenceView>> {
    return serveRpc(ExtendWindow, payload, (r) =>
      this.commands.execute(
        new ExtendWindowCommand(
          r.tenantId,
          r.agentId,
          new Date(r.until),
          r.ifExpiresAt === null ? null : new Date(r.ifExpiresAt),
          r.via,
        ),
      ),
    );
  }

  @MessagePattern(GoOffline.subject)
  goOffline(@Payload() payload: unknown): Promise<RpcResult<PresenceView>> {
    return serveRpc(GoOffline, payload, (r) =>
      this.commands.execute(new GoOfflineCommand(r.tenantId, r.agentId, r.reason)),
    );
  }

  @MessagePattern(MarkBusy.subject)
  markBusy(@Payload() payload: unknown): Promise<RpcResult<PresenceView>> {
    return serveRpc(MarkBusy, payload, (r) =>
      this.commands.execute(new MarkBusyCommand(r.tenantId, r.agentId)),
    );
  }

  @MessagePattern(MarkAvailable.subject)
  markAvailable(@Payload() payload: unknown): Promise<RpcResult<PresenceView>> {
    return serveRpc(MarkAvailable, payload, (r) =>
      this.commands.execute(new MarkAvailableCommand(r.tenantId, r.agentId)),
    );
  }

  @MessagePattern(StartBreak.subject)
  startBreak(@Payload() payload: unknown): Promise<RpcResult<PresenceView>> {
    return serveRpc(StartBreak, payload, (r) =>
      this.commands.execute(new StartBreakCommand(r.tenantId, r.agentId, r.minutes)),
    );
  }

  @MessagePattern(GetPresence.subject)
  getPresence(@Payload() payload: unknown): Promise<RpcResult<PresenceView>> {
    return serveRpc(GetPresence, payload, (r) =>
      this.queries.execute(new GetPresenceQuery(r.tenantId, r.agentId)),
    );
  }
}
