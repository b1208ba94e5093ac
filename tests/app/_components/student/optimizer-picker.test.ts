import { describe, expect, it } from "vitest";
import { parseMomentum } from "../../../../app/_components/student/optimizer-picker";

describe("the phone's beta field", () => {
  it("accepts 0 <= beta < 1 as typed, like the server", () => {
    expect(["0", "0.9", " .5 ", "0.999"].map(parseMomentum)).toEqual([0, 0.9, 0.5, 0.999]);
  });
  it("refuses anything else", () => {
    expect(["", " ", "1", "-0.1", "1.5", "abc", "0,9", "NaN", "Infinity"].map(parseMomentum)).toEqual(
      Array(9).fill(null),
    );
  });
});
