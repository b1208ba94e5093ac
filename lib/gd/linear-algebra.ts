// Tiny dense linear algebra for the (d+1)x(d+1) matrices of the analysis pages (d <= ~5).
// Straightforward textbook algorithms: at these sizes clarity beats speed.

export type Matrix = number[][];

function checkSquare(matrix: Matrix): number {
  const size = matrix.length;
  for (const row of matrix) {
    if (row.length !== size) throw new RangeError("matrix must be square");
  }
  return size;
}

function at(m: Matrix, i: number, j: number): number {
  return m[i]![j]!;
}

/**
 * Eigenvalues of a symmetric matrix, ascending, by cyclic Jacobi rotations.
 * Jacobi is unconditionally stable for symmetric input and converges quadratically; each
 * sweep zeroes every off-diagonal entry once, and ~10 sweeps reach machine precision for
 * the sizes used here. Only the upper triangle's symmetry is assumed, not checked.
 */
export function symmetricEigenvalues(matrix: Matrix): number[] {
  return symmetricEigen(matrix).values;
}

/**
 * Eigenvalues (ascending) and unit eigenvectors (vectors[i] belongs to values[i]) of a symmetric
 * matrix: the same Jacobi rotations as symmetricEigenvalues, also applied to V = I.
 */
export function symmetricEigen(matrix: Matrix): { values: number[]; vectors: number[][] } {
  const size = checkSquare(matrix);
  const a = matrix.map((row) => [...row]);
  const v: Matrix = Array.from({ length: size }, (_, i) => Array.from({ length: size }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let scale = 0;
    for (let i = 0; i < size; i++) {
      scale += at(a, i, i) * at(a, i, i);
      for (let j = i + 1; j < size; j++) off += at(a, i, j) * at(a, i, j);
    }
    // Stop when the off-diagonal part is below rounding level relative to the diagonal.
    if (off <= 1e-32 * scale || off === 0) break;
    for (let p = 0; p < size; p++) {
      for (let q = p + 1; q < size; q++) {
        const apq = at(a, p, q);
        if (apq === 0) continue;
        // Rotation angle that zeroes a[p][q] (Golub & Van Loan, sym.schur2); the smaller
        // root t keeps the rotation below 45 degrees, which is what makes Jacobi converge.
        const theta = (at(a, q, q) - at(a, p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < size; k++) {
          const akp = at(a, k, p);
          const akq = at(a, k, q);
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < size; k++) {
          const apk = at(a, p, k);
          const aqk = at(a, q, k);
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < size; k++) {
          const vkp = at(v, k, p);
          const vkq = at(v, k, q);
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = a.map((_, i) => i).sort((i, j) => at(a, i, i) - at(a, j, j));
  return { values: order.map((i) => at(a, i, i)), vectors: order.map((i) => v.map((row) => row[i]!)) };
}

export interface LinearSolution {
  /** A solution of M x = r; free variables (zero pivots) are set to 0. */
  x: number[];
  /** Number of pivots found, i.e. the numerical rank of M. */
  rank: number;
}

/**
 * Gaussian elimination with partial pivoting that tolerates singular systems.
 *
 * A pivot smaller than 1e-11 of the largest entry counts as zero (that column is skipped and
 * its variable set to 0). For the normal equations A^T A x = A^T y the system is always
 * consistent, so this still yields a least-squares solution when A has dependent columns
 * (e.g. one sample: A^T A has rank 1).
 */
export function solveLinearSystem(matrix: Matrix, rhs: readonly number[]): LinearSolution {
  const size = checkSquare(matrix);
  if (rhs.length !== size) throw new RangeError("right-hand side has the wrong length");
  const a = matrix.map((row, i) => [...row, rhs[i]!]);
  let largest = 0;
  for (const row of matrix) for (const v of row) largest = Math.max(largest, Math.abs(v));
  const tolerance = largest * 1e-11;
  const pivotColumns: number[] = [];
  let r = 0;
  for (let c = 0; c < size && r < size; c++) {
    let best = r;
    for (let i = r + 1; i < size; i++) if (Math.abs(at(a, i, c)) > Math.abs(at(a, best, c))) best = i;
    if (!(Math.abs(at(a, best, c)) > tolerance)) continue;
    [a[r], a[best]] = [a[best]!, a[r]!];
    for (let i = r + 1; i < size; i++) {
      const factor = at(a, i, c) / at(a, r, c);
      if (factor === 0) continue;
      for (let k = c; k <= size; k++) a[i]![k] = at(a, i, k) - factor * at(a, r, k);
    }
    pivotColumns.push(c);
    r++;
  }
  const x = new Array<number>(size).fill(0);
  for (let row = pivotColumns.length - 1; row >= 0; row--) {
    const c = pivotColumns[row]!;
    let sum = at(a, row, size);
    for (let k = c + 1; k < size; k++) sum -= at(a, row, k) * x[k]!;
    x[c] = sum / at(a, row, c);
  }
  return { x, rank: pivotColumns.length };
}
