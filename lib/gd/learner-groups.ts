// A batch's learners split by optimiser, one kernel group each, so every inner loop runs one
// optimiser without per-learner branches (plain descent's loop stays exactly as it was). The
// groups share the batch's parameter, rate and trial-loss arrays, each learner's slot being
// touched only by its own group; each group has its own list of running learners.

import type { KernelArgs } from "./learner-kernel";
import { advanceAdam } from "./adam-kernel";
import { advanceMomentum } from "./momentum-kernel";
import {
  evaluateGeneric,
  type AdamKernelArgs,
  type MomentumKernelArgs,
  type OptimizerKernelArgs,
} from "./optimizer-kernels";
import {
  DEFAULT_MOMENTUM,
  OPTIMIZER,
  isOptimizerId,
  isValidMomentum,
  optimizerCode,
  type OptimizerChoice,
} from "./optimizers";

export interface KernelGroups {
  gd: KernelArgs;
  momentum: MomentumKernelArgs;
  adam: AdamKernelArgs;
}

/** The groups as a list, for the rare loops over all of them (never per step). */
export function eachGroup(groups: KernelGroups): { active: Int32Array; count: number }[] {
  return [groups.gd, groups.momentum, groups.adam];
}

/**
 * Each learner's optimiser code and beta (0 for learners without momentum), in arrays of `slots`
 * entries (a batch keeps one slot even with no learners); throws a RangeError on bad input.
 */
export function readOptimizerChoices(
  size: number,
  slots: number,
  choices: ArrayLike<OptimizerChoice> | undefined,
): { codes: Uint8Array; momenta: Float64Array } {
  const codes = new Uint8Array(slots);
  const momenta = new Float64Array(slots);
  if (choices === undefined) return { codes, momenta };
  if (choices.length !== size)
    throw new RangeError(`got ${choices.length} optimizer choices for ${size} learning rates`);
  for (let k = 0; k < size; k++) {
    const { optimizer, momentum } = choices[k]!;
    if (!isOptimizerId(optimizer)) throw new RangeError(`learner ${k}: unknown optimizer ${String(optimizer)}`);
    codes[k] = optimizerCode(optimizer);
    if (codes[k] !== OPTIMIZER.MOMENTUM) continue;
    const beta = momentum ?? DEFAULT_MOMENTUM;
    if (!isValidMomentum(beta)) throw new RangeError(`learner ${k}: momentum must be in [0, 1), got ${String(beta)}`);
    momenta[k] = beta;
  }
  return { codes, momenta };
}

/** The learners in [0, size) with this optimiser, in increasing order. */
function members(codes: Uint8Array, size: number, code: number): Int32Array {
  const out: number[] = [];
  for (let k = 0; k < size; k++) if (codes[k] === code) out.push(k);
  return Int32Array.from(out);
}

/**
 * The groups of a new batch whose gd kernel (over every slot) has just evaluated step 0. The
 * momentum and Adam groups evaluate step 0 too, at the initial parameters, for their gradient
 * sums (which carry no rate). State arrays are only allocated for optimisers in use.
 */
export function createKernelGroups(
  gd: KernelArgs,
  size: number,
  codes: Uint8Array,
  momenta: Float64Array,
): KernelGroups {
  const { d, weights, biases } = gd;
  const stride = d + 1;
  const gdMembers = members(codes, size, OPTIMIZER.GD);
  const momentumMembers = members(codes, size, OPTIMIZER.MOMENTUM);
  const adamMembers = members(codes, size, OPTIMIZER.ADAM);
  const slots = biases.length;
  const stateful = momentumMembers.length + adamMembers.length > 0 ? slots * stride : 0;
  const shared = {
    x: gd.x,
    y: gd.y,
    n: gd.n,
    d,
    weights,
    biases,
    learningRates: gd.learningRates,
    gradientSums: new Float64Array(stateful),
    proposals: new Float64Array(stateful),
    trialLosses: gd.trialLosses,
  };
  const sized = (list: Int32Array) => new Float64Array(list.length > 0 ? slots * stride : 0);
  const momentum: MomentumKernelArgs = {
    ...shared,
    active: momentumMembers,
    count: momentumMembers.length,
    momenta,
    velocities: sized(momentumMembers),
  };
  const adam: AdamKernelArgs = {
    ...shared,
    active: adamMembers,
    count: adamMembers.length,
    firstMoments: sized(adamMembers),
    secondMoments: sized(adamMembers),
    beta1Power: 1,
    beta2Power: 1,
  };
  for (const group of [momentum, adam]) startAtCurrentParameters(group);
  gd.active.set(gdMembers);
  gd.count = gdMembers.length;
  return { gd, momentum, adam };
}

function startAtCurrentParameters(group: OptimizerKernelArgs): void {
  const { d, active, count, weights, biases, proposals } = group;
  for (let a = 0; a < count; a++) {
    const k = active[a]!;
    for (let j = 0; j < d; j++) proposals[k * (d + 1) + j] = weights[k * d + j]!;
    proposals[k * (d + 1) + d] = biases[k]!;
  }
  evaluateGeneric(group);
}

/** One update of the momentum and Adam learners still running (trial losses in gd.trialLosses). */
export function advanceStatefulGroups(groups: KernelGroups): void {
  if (groups.momentum.count > 0) advanceMomentum(groups.momentum);
  if (groups.adam.count > 0) advanceAdam(groups.adam);
}
