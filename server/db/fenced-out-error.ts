// Thrown by a fenced write (server/db/fencing.ts) that storage refused: a process with a newer
// lease has claimed the session since this one did, so this process no longer owns the room. Not
// a storage outage: retrying can never succeed, and the room's copy here must stop.
export class FencedOutError extends Error {
  override readonly name = "FencedOutError";

  constructor(
    /** The fence the refused write carried. */
    readonly fence: number,
    /** The newest fence claimed on the session, above `fence`. */
    readonly ownerFence: bigint,
  ) {
    super(`A newer owner (fence ${ownerFence}) has claimed this session: a write with fence ${fence} is refused.`);
  }
}
