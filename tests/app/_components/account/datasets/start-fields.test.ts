// The start typed on the account page becomes numbers only when every field is one the server takes.
import { describe, expect, it } from "vitest";
import { defaultStartText, parseStart, startText } from "../../../../../app/_components/account/datasets/start-fields";

describe("parseStart", () => {
  it("reads the lesson's start and typed numbers", () => {
    expect(parseStart(defaultStartText(3))).toEqual({ weights: [0.5, 0.5, 0.5], bias: 0 });
    expect(parseStart({ weights: [" -1.5 ", "2e3"], bias: ".25" })).toEqual({ weights: [-1.5, 2000], bias: 0.25 });
    expect(parseStart(startText({ weights: [1e-7, -3], bias: 100 }))).toEqual({ weights: [1e-7, -3], bias: 100 });
  });

  it.each([
    [{ weights: ["0.5", ""], bias: "0" }],
    [{ weights: ["abc"], bias: "0" }],
    [{ weights: ["0.5"], bias: "Infinity" }],
    [{ weights: ["0x10"], bias: "0" }],
    [{ weights: ["2e6"], bias: "0" }],
    [{ weights: ["0.5"], bias: "-1000001" }],
  ])("refuses %j", (text) => {
    expect(parseStart(text)).toBeNull();
  });
});
