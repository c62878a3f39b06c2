/**
 * PCA, fitted offline and only here: the face space over a trained model's codes (finishModel) and the
 * principal components of the downsampled portraits that GLO's codes start from (codeInit). The browser and
 * the live server only read a fitted face space (lib/faceSpace.ts).
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import type { FaceSpace } from "../lib/faceSpace";

export interface PrincipalComponents {
  /** the mean row */
  mean: number[];
  /** the rows minus the mean (count × dim) */
  centered: Matrix;
  /** the covariance's eigenvalues, the variance along each component, descending (may be slightly < 0) */
  variances: Float64Array;
  /** dim × dim: column k is component k (unit length), ordered as `variances` */
  components: Matrix;
}

/**
 * PCA of `rows` (one sample a row; not changed): the sample covariance (divided by count − 1) and its
 * eigen-decomposition, components sorted by variance, descending. A component's sign is the eigen solver's.
 */
export function principalComponents(rows: Matrix): PrincipalComponents {
  const mean = rows.mean("column");
  const centered = rows.clone().subRowVector(mean);
  const cov = centered
    .transpose()
    .mmul(centered)
    .div(Math.max(1, rows.rows - 1));
  const eig = new EigenvalueDecomposition(cov, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  const order = values
    .map((v, i) => [v, i] as const)
    .sort((a, b) => b[0] - a[0])
    .map(([, i]) => i);
  const vectors = eig.eigenvectorMatrix;
  const components = new Matrix(cov.rows, cov.columns);
  order.forEach((src, k) => {
    components.setColumn(k, vectors.getColumn(src));
  });
  return { mean, centered, variances: Float64Array.from(order, (i) => values[i] as number), components };
}

/**
 * The face space of codes (count × latent, row-major): their PCA, σ_k = sqrt(λ_k) and each component's share
 * of the variance. A component's largest-magnitude entry is positive, so refits give the same sliders.
 */
export function fitFaceSpace(codes: ArrayLike<number>, count: number, latent: number): FaceSpace {
  if (count < 2) throw new Error("a face space needs at least 2 codes");
  const rows = new Matrix(count, latent);
  for (let r = 0; r < count; r++) for (let i = 0; i < latent; i++) rows.set(r, i, codes[r * latent + i] as number);
  const pca = principalComponents(rows);
  const components = new Float64Array(latent * latent);
  const sigma = new Float64Array(latent);
  const ratio = new Float64Array(latent);
  const total = pca.variances.reduce((a, b) => a + Math.max(b, 0), 0);
  for (let k = 0; k < latent; k++) {
    const lambda = Math.max(pca.variances[k] as number, 0);
    sigma[k] = Math.sqrt(lambda);
    ratio[k] = total > 0 ? lambda / total : 0;
    const column = pca.components.getColumn(k);
    let big = 0;
    for (const v of column) if (Math.abs(v) > Math.abs(big)) big = v;
    const sign = big < 0 ? -1 : 1;
    for (let i = 0; i < latent; i++) components[i * latent + k] = sign * (column[i] as number);
  }
  return { latent, mean: Float64Array.from(pca.mean), components, sigma, explainedVarianceRatio: ratio };
}
