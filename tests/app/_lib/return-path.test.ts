import { describe, expect, it } from "vitest";
import { safeReturnPath, signInHref } from "../../../app/_lib/return-path";

describe("the sign-in page's return path", () => {
  it("keeps a path on this site, query included", () => {
    expect(safeReturnPath("/sessions/abc?x=1")).toBe("/sessions/abc?x=1");
    expect(signInHref("/host/ABC234")).toBe("/sign-in?next=%2Fhost%2FABC234");
  });

  it("refuses anything that leaves the site", () => {
    for (const bad of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "", null])
      expect(safeReturnPath(bad)).toBe("/");
    expect(signInHref("//evil.example")).toBe("/sign-in");
  });
});
