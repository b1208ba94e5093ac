import { describe, expect, it } from "vitest";
import {
  CorruptRowError,
  momentumFromRow,
  optimizersFromRow,
  rosterFromRow,
  rosterToRow,
} from "../../../server/db/row-mappers";

describe("optimisers in stored rows", () => {
  it("reads a roster stored before optimisers existed as plain descent", () => {
    const old = [{ index: 0, participantId: "p", nickname: "Ada", learningRate: 1e-4 }];
    expect(rosterFromRow(old)).toEqual([{ ...old[0], optimizer: "gd", momentum: null }]);
  });

  it("round-trips a roster with every optimiser", () => {
    const roster = [
      { index: 0, participantId: "a", nickname: "A", learningRate: 1, optimizer: "adam", momentum: null },
      { index: 1, participantId: "b", nickname: "B", learningRate: 1e-5, optimizer: "momentum", momentum: 0.5 },
    ] as const;
    expect(rosterFromRow(JSON.parse(JSON.stringify(rosterToRow([...roster]))))).toEqual(roster);
  });

  it("refuses what the code never writes", () => {
    expect(() => rosterFromRow([{ index: 0, optimizer: "rmsprop" }])).toThrow(CorruptRowError);
    expect(() => rosterFromRow([{ index: 0, optimizer: "momentum", momentum: 1 }])).toThrow(CorruptRowError);
    expect(() => momentumFromRow("momentum", null)).toThrow(CorruptRowError);
    expect(momentumFromRow("adam", 0.9)).toBeNull();
    expect(() => optimizersFromRow([])).toThrow(CorruptRowError);
    expect(() => optimizersFromRow("gd")).toThrow(CorruptRowError);
    expect(optimizersFromRow(["adam", "gd"])).toEqual(["gd", "adam"]);
  });
});
