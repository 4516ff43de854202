import type { Deliverer } from "../alerts/deliverer.ts";
import type { Panah } from "../app.ts";
import type { PanahConfig } from "../config/schema.ts";

/**
 * `panah start`'s live-status polling: in the leader replica only (so replicas neither
 * multiply requests to IODA and OONI nor offer moderators one draft each), stopped with the
 * other background work on shutdown. Drafts reach moderators through the running adapters.
 */
export async function pollLiveStatus(
  panah: Panah,
  config: PanahConfig,
  deliverer: (platform: string) => Deliverer | undefined,
): Promise<void> {
  const live = panah.liveStatus;
  if (!live) return;
  const led = await panah.leadership.lead("live status", async () => {
    const poller = live.startPolling({
      desk: panah.moderation,
      moderators: config.moderators,
      moderatorChats: config.status?.alerts.moderatorChats ?? {},
      platforms: panah.platforms,
      deliverer,
    });
    return () => poller.stop();
  });
  panah.workers.add({ name: "live status", stop: () => led.stop() });
}
