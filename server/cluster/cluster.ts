// One process's part in a service of several (REDIS_URL): socket.io's Redis streams adapter links
// their sockets, rooms' news travels once per process (cluster-channel.ts), commands reach each
// room's owner (remote-room.ts), and leases decide the owners (room-leases.ts). docs/scaling.md.
import { createAdapter } from "@socket.io/redis-streams-adapter";
import type { Redis } from "ioredis";
import type { Clock } from "../rooms/clock";
import type { LocalDeliveries } from "../rooms/local-delivery";
import type { ArenaServer, RoomChannel } from "../rooms/room-channel";
import type { RoomRegistry } from "../rooms/room-registry";
import { ClusterChannel, clusterConnect, deliverNews, type PublishNews } from "./cluster-channel";
import { ClusterRooms } from "./cluster-rooms";
import { RoomLeases } from "./room-leases";

export interface ClusterOptions {
  redis: Redis;
  /** REDIS_PREFIX: keys, streams and channels of this service. */
  prefix: string;
  /** Unique per process (e.g. host name, pid and a random part): names lease holders in logs. */
  processId: string;
  /** Lease time to live (default 3 s): an owner that died is replaced within about this long. */
  leaseTtlMs?: number;
}

/** The adapter to give socket.io's Server: this service's stream and channels in Redis. */
export function clusterAdapter({ redis, prefix }: ClusterOptions) {
  return createAdapter(redis, { streamName: `${prefix}:socket.io`, channelPrefix: `${prefix}:socket.io` });
}

export interface ClusterLink {
  channelFor(code: string): RoomChannel;
  /** The rooms, once the registry exists; starts sweeping for rooms whose owner has died. */
  rooms(registry: RoomRegistry, clock: Clock): ClusterRooms;
  dispose(): void;
}

export function linkCluster(
  io: ArenaServer,
  deliveries: LocalDeliveries,
  options: ClusterOptions,
  log: (message: string, error?: unknown) => void,
): ClusterLink {
  const { redis, prefix, processId } = options;
  // With Redis away the news is dropped, not queued: a burst of stale steps when it is back would
  // be worse than the gap (every tick carries the whole state of the step).
  const publish: PublishNews = (code, call) => {
    if (redis.status === "ready") io.serverSideEmit("room:news", code, call);
  };
  deliverNews(io, deliveries, log);
  const leases = new RoomLeases({ redis, prefix, processId, ttlMs: options.leaseTtlMs });
  return {
    channelFor: (code) => new ClusterChannel(deliveries.for(code), publish),
    rooms: (registry, clock) => {
      const connect = clusterConnect(io, publish);
      const rooms = new ClusterRooms({ io, redis, prefix, processId, leases, registry, connect, clock, log });
      rooms.start();
      return rooms;
    },
    dispose: () => leases.dispose(),
  };
}
