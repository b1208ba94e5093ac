import { describe, expect, it } from "vitest";
import { getDataset } from "../../../lib/gd/datasets";
import { explainOptimizer } from "../../../lib/gd/explain-optimizer";
import { trainOne } from "../../../lib/gd/train-one";

const lesson = getDataset("lesson");

describe("explainOptimizer", () => {
  it("momentum β = 0.9 on the lesson: stable for lr < 4.573e-4 (1.9 × plain descent's 2.407e-4)", () => {
    const why = explainOptimizer(lesson, 4e-4, { optimizer: "momentum", momentum: 0.9 });
    if (why.optimizer !== "momentum") throw new Error("expected momentum");
    // (2 + 2·0.9) / 8309.22, the numpy figure in tests/fixtures/gd/optimizer-bounds.json.
    expect(why.stableBound).toBeCloseTo(0.0004573233107319338, 15);
    expect(why.gdBound).toBeCloseTo(0.00024069647933259677, 15);
    expect(why.limit).toBeCloseTo(3.8, 14);
    expect(why.a).toBeCloseTo(4e-4 * 8309.22, 9);
    expect(why.boundRatio).toBeLessThan(1);
    expect(why.regime).toBe("spiral");
    expect(why.outcome).toBe("converged");
  });

  it("momentum beyond its bound diverges, and says so", () => {
    const why = explainOptimizer(lesson, 5e-4, { optimizer: "momentum", momentum: 0.9 });
    expect(why.optimizer === "momentum" && why.regime).toBe("unstable");
    expect(why.outcome).toBe("diverged");
  });

  it("a smaller β has a smaller bound: β = 0.5 gives 3 / λmax", () => {
    const why = explainOptimizer(lesson, 1e-4, { optimizer: "momentum", momentum: 0.5 });
    expect(why.optimizer === "momentum" && why.stableBound).toBeCloseTo(0.0003610447189988952, 15);
  });

  it("Adam at lr = 1 on the lesson does not explode while plain descent at lr = 1 does", () => {
    const why = explainOptimizer(lesson, 1, { optimizer: "adam" });
    if (why.optimizer !== "adam") throw new Error("expected adam");
    expect(why.outcome).not.toBe("diverged");
    expect(trainOne(lesson, 1, 1000).status).toBe("diverged");
    expect(why.firstStep.adamMax).toBeCloseTo(1, 9);
    expect(why.firstStep.gd[2]).toBeCloseTo(243.9, 9);
    expect(why.gdBoundRatio).toBeCloseTo(1 / 0.00024069647933259677, 6);
  });

  it("refuses plain descent and bad rates", () => {
    expect(() => explainOptimizer(lesson, 1, { optimizer: "gd" })).toThrow(RangeError);
    expect(() => explainOptimizer(lesson, -1, { optimizer: "adam" })).toThrow(RangeError);
  });
});
