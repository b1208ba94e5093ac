// RoomBroadcaster on its own: a burst of changes costs one state message per recipient per
// throttle window, status changes go out at once, and leader names only when they change.
import { describe, expect, it } from "vitest";
import { RoomBroadcaster } from "../../../server/rooms/room-broadcaster";
import { ManualClock } from "../../helpers/manual-clock";
import { RecordingChannel } from "../../helpers/recording-channel";
import { lessonRoom } from "../../helpers/room-fixtures";

function setup() {
  const clock = new ManualClock();
  const channel = new RecordingChannel();
  const model = lessonRoom([1e-5, 2e-5], { maxSteps: 100 }, ["Ada", "Bo"]);
  return { clock, channel, model, broadcaster: new RoomBroadcaster(model, channel, clock) };
}

describe("RoomBroadcaster", () => {
  it("coalesces a burst of changes: the host within 200 ms, students within 1 s, once each", async () => {
    const { clock, channel, broadcaster } = setup();
    for (let i = 0; i < 50; i++) broadcaster.state();
    await clock.advance(199);
    expect(channel.sent).toEqual([]);
    await clock.advance(1);
    expect(channel.payloads("room:state", "host")).toHaveLength(1);
    await clock.advance(800);
    expect(channel.payloads("room:state", "p0")).toHaveLength(1);
    expect(channel.payloads("room:state", "p1")).toHaveLength(1);
    expect(channel.sent).toHaveLength(3);
  });

  it("stateNow sends at once and cancels what was pending", async () => {
    const { clock, channel, broadcaster } = setup();
    broadcaster.state();
    broadcaster.stateNow();
    expect(channel.sent).toHaveLength(3);
    await clock.advance(2_000);
    expect(channel.sent).toHaveLength(3);
  });

  it("ticks everybody each step, but sends the leaders' names only when they change", async () => {
    const { channel, model, broadcaster } = setup();
    const started = model.start();
    if (!started.ok) throw new Error(started.message);
    broadcaster.stateNow(); // as RoundPlayer.start does: the state names each student's run
    for (let k = 0; k < 5; k++) {
      model.advance();
      await broadcaster.tick(started.round);
    }
    expect(channel.payloads("room:tick", "host")).toHaveLength(5);
    expect(channel.payloads("room:tick", "p0")).toHaveLength(5);
    // The faster learner (lr 2e-5) leads from step 1 on and never changes: one message.
    expect(channel.payloads("room:leaders", "students")).toEqual([{ round: 1, nicknames: ["Bo", "Ada"] }]);
    const tick = channel.payloads("room:tick", "p0").at(-1) as { you: [number, number, number, number] };
    expect(tick.you[1]).toBe(0); // still running
    expect(tick.you[2]).toBe(2); // Ada is second
  });
});
