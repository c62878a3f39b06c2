/**
 * The presets an admin starts a training run from, beside the trainer's defaults (trainSettings.ts).
 * They end on their work, not on the clock: a busy machine takes longer, never trains less.
 * `minutesHere` and `expect` come from runs measured on the 2-core machine (docs/admin.md); the admin
 * page shows them, and the time a finished run of the preset took on this machine when there is one.
 */
import { DEFAULT_DECODER, defaultDecoder, type TrainSettingsInput } from "./trainSettings";

export const PRESETS = {
  quick: {
    steps: 400,
    widths: [64, 64, 32, 16, 8],
    minutesHere: 2,
    expect:
      "a smoke test of the data and the pipeline: blurred faces (17.6 dB on 400 synthetic portraits here), never a model to activate",
  },
  standard: {
    steps: 10_000,
    widths: DEFAULT_DECODER.widths,
    minutesHere: 130,
    expect:
      "a usable model: about 21.9 dB on the 2,000-portrait synthetic yearbook (the shipped model's first stage; it went on to 24.8 dB over 16 more)",
  },
} as const;

/** A preset's settings for the trainer: the default decoder at the preset's widths (or `widths`), its steps long. */
export function presetSettings(name: keyof typeof PRESETS, widths?: readonly number[]): TrainSettingsInput {
  const preset = PRESETS[name];
  return {
    config: defaultDecoder(widths ?? preset.widths),
    // the run is its steps: the schedule cools over them and it ends there
    epochs: 10_000,
    steps: preset.steps,
    lrSchedule: "cosine",
  };
}
