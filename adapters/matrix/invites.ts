import type { MatrixClient, Room } from "matrix-js-sdk";
import type { Logger } from "pino";
import { type MatrixConfig, serverOf } from "./config.ts";
import { describeError } from "./errors.ts";
import { withRateLimitRetry } from "./retry.ts";

/**
 * Joins rooms the bot is invited to, or declines an invite from a server not allowed
 * (`allowedServers`); an invite already being answered is not answered twice.
 */
export class InvitePolicy {
  private readonly joining = new Set<string>();

  constructor(
    private readonly client: MatrixClient,
    private readonly config: MatrixConfig,
    private readonly logger: Logger,
  ) {}

  async onInvite(room: Room): Promise<void> {
    const roomId = room.roomId;
    if (this.joining.has(roomId)) return;
    this.joining.add(roomId);
    try {
      const inviter = room.getMember(this.client.getSafeUserId())?.events.member?.getSender();
      const allowed = this.config.allowedServers;
      if (allowed && (!inviter || !allowed.includes(serverOf(inviter)))) {
        await withRateLimitRetry(() => this.client.leave(roomId));
        this.logger.info(
          { event: "invite", outcome: "declined" },
          "Matrix: declined an invite from a server not allowed",
        );
        return;
      }
      await withRateLimitRetry(() => this.client.joinRoom(roomId));
      this.logger.info({ event: "invite", outcome: "joined" }, "Matrix: joined a room");
    } catch (error) {
      this.logger.warn(
        { event: "invite", err: describeError(error) },
        "Matrix: could not join a room",
      );
    } finally {
      this.joining.delete(roomId);
    }
  }
}
