// The optimisers a learner can use: the one list the kernels, the protocol, the database and the
// pages derive from. Definitions (so results can be checked against tests/reference/optimizer_reference.py),
// with g the lesson's gradient (mean over samples of delta * x, delta = -2 (y - p); mean delta for the bias):
//   gd        theta <- theta - lr * g                               (the lesson's own update)
//   momentum  v <- beta * v + g;  theta <- theta - lr * v           (torch.optim.SGD(momentum=beta):
//                                                                   no dampening, not Nesterov, v0 = 0)
//   adam      m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2     (torch.optim.Adam defaults,
//             theta <- theta - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)   bias-corrected)

export const OPTIMIZER_IDS = ["gd", "momentum", "adam"] as const;
export type OptimizerId = (typeof OPTIMIZER_IDS)[number];

/** What a learner uses when nothing is said, and what a round allows when nothing is said. */
export const DEFAULT_OPTIMIZER: OptimizerId = "gd";
/** beta for "momentum" when none is given (PyTorch has no default; 0.9 is the usual choice). */
export const DEFAULT_MOMENTUM = 0.9;

/** torch.optim.Adam's defaults; fixed for every Adam learner. */
export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

/** Codes as stored in LearnerBatch.optimizers (a Uint8Array): the index in OPTIMIZER_IDS. */
export const OPTIMIZER = { GD: 0, MOMENTUM: 1, ADAM: 2 } as const;
export type OptimizerCode = (typeof OPTIMIZER)[keyof typeof OPTIMIZER];

export function isOptimizerId(value: unknown): value is OptimizerId {
  return typeof value === "string" && (OPTIMIZER_IDS as readonly string[]).includes(value);
}

export function optimizerCode(id: OptimizerId): OptimizerCode {
  return OPTIMIZER_IDS.indexOf(id) as OptimizerCode;
}

export function optimizerId(code: number): OptimizerId {
  const id = OPTIMIZER_IDS[code];
  if (id === undefined) throw new RangeError(`unknown optimizer code: ${code}`);
  return id;
}

/** 0 <= beta < 1: beta = 1 never forgets a gradient (the velocity grows without bound). */
export function isValidMomentum(beta: unknown): beta is number {
  return typeof beta === "number" && beta >= 0 && beta < 1;
}

/** A learner's optimiser; `momentum` is beta and only means something for "momentum". */
export interface OptimizerChoice {
  optimizer: OptimizerId;
  momentum?: number;
}
