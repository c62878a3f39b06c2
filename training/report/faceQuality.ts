/**
 * Measures for "do random faces look like portraits": how close each decoded face comes to its nearest
 * training portrait, and how much fine detail it carries against the portraits themselves. Both are read
 * beside the same measures of the decoder's reconstructions, its best case.
 */

/** Mean |horizontal| + |vertical| neighbour difference over all channels, in 0..1 units (flat = 0). */
export function imageDetail(image: ArrayLike<number>, width: number, height: number, scale = 1): number {
  let sum = 0;
  for (let y = 0; y < height - 1; y++)
    for (let x = 0; x < width - 1; x++)
      for (let c = 0; c < 3; c++) {
        const i = (y * width + x) * 3 + c;
        const v = image[i] as number;
        sum += Math.abs((image[i + 3] as number) - v) + Math.abs((image[i + width * 3] as number) - v);
      }
  return sum / scale / ((height - 1) * (width - 1) * 3);
}

/** Mean detail of `count` images stored one after another. */
export function meanDetail(images: Uint8Array | Float32Array, count: number, width: number, height: number): number {
  const size = width * height * 3;
  const scale = images instanceof Uint8Array ? 255 : 1;
  let sum = 0;
  for (let n = 0; n < count; n++) sum += imageDetail(images.subarray(n * size, (n + 1) * size), width, height, scale);
  return sum / Math.max(count, 1);
}

export interface NearestPortrait {
  /** index of the nearest training portrait (least squared error) */
  index: number;
  /** PSNR (dB) of the face against it */
  psnr: number;
}

/** For each face (floats 0..1), the training portrait (bytes, `count` of them) it is closest to. */
export function nearestPortraits(faces: Float32Array[], portraits: Uint8Array, count: number): NearestPortrait[] {
  return faces.map((face) => {
    const size = face.length;
    let best = Number.POSITIVE_INFINITY;
    let index = -1;
    for (let n = 0; n < count; n++) {
      const offset = n * size;
      let se = 0;
      // stop early once this portrait is already further than the best one
      for (let i = 0; i < size && se < best; i++)
        se += ((face[i] as number) - (portraits[offset + i] as number) / 255) ** 2;
      if (se < best) {
        best = se;
        index = n;
      }
    }
    return { index, psnr: 10 * Math.log10(1 / Math.max(best / size, 1e-10)) };
  });
}

export interface FaceMeasures {
  /** mean PSNR (dB) of the faces against their nearest training portraits */
  nearestPsnr: number;
  /** mean detail of the faces ÷ `portraitDetail` (1 = as sharp as the data) */
  detailRatio: number;
  nearest: NearestPortrait[];
}

/** Both measures for a group of faces (floats 0..1); `portraitDetail` is meanDetail of the portraits. */
export function measureFaces(
  faces: Float32Array[],
  portraits: Uint8Array,
  count: number,
  size: { width: number; height: number; portraitDetail: number },
): FaceMeasures {
  const nearest = nearestPortraits(faces, portraits, count);
  const n = Math.max(faces.length, 1);
  const detail = faces.reduce((sum, f) => sum + meanDetail(f, 1, size.width, size.height), 0) / n;
  return {
    nearestPsnr: nearest.reduce((sum, r) => sum + r.psnr, 0) / n,
    detailRatio: detail / Math.max(size.portraitDetail, 1e-12),
    nearest,
  };
}
