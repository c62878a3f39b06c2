/**
 * What the test run makes once, before its files run side by side (tests/helpers/globalSetup.ts), and
 * how a file finds it. A file run outside that set-up makes its own.
 */
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** the tiny synthetic yearbook's folder (tinyDataset.ts) */
    tinyDatasetDir: string;
    /** the tiny model trained on it (tinyModel.ts) */
    tinyModelDir: string;
  }
}

export function sharedFixture(name: "tinyDatasetDir" | "tinyModelDir"): string | undefined {
  return inject(name) || undefined;
}
