/** Where a background run is, as its job process reports it and the admin page shows it. */
export interface RunProgress {
  /** "draw", "import", "warm-start", "train", "finish", "report" */
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
  /** an import's files it did not take, with why (the first 1,000) */
  skipped?: { name: string; reason: string }[];
  /** when the run last wrote its reconstruction samples (ms since the epoch): the page fetches them anew */
  samplesAt?: number;
}
