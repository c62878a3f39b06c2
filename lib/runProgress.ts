/** Where a background run is, as its job process reports it and the admin page shows it. */
export interface RunProgress {
  /** "draw", "import", "warm-start", "train", "finish" */
  stage: string;
  done?: number;
  total?: number;
  step?: number;
  totalSteps?: number;
  epoch?: number;
  loss?: number;
  psnr?: number;
  imagesPerSecond?: number;
  etaSeconds?: number;
}
