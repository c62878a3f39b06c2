import { describe, expect, it } from "vitest";
import { codeLearningRate, codeNoiseAt, learningRate } from "../../../training/train/schedule";
import { tinySettings } from "../../helpers/tinyDataset";

describe("training schedule", () => {
  const settings = tinySettings({ lrSchedule: "cosine-time", lr: 1 });

  it("decays the learning rate over the time budget with cosine-time, to 5 % at its end", () => {
    expect(learningRate(settings, 0, 100, 0)).toBeCloseTo(1, 6);
    expect(learningRate(settings, 0, 100, 0.5)).toBeCloseTo(0.525, 6);
    expect(learningRate(settings, 0, 100, 1)).toBeCloseTo(0.05, 6);
    // by steps with plain cosine, whatever the time
    expect(learningRate({ ...settings, lrSchedule: "cosine" }, 50, 100, 0.9)).toBeCloseTo(0.525, 6);
    expect(learningRate({ ...settings, lrSchedule: "constant" }, 50, 100, 0.9)).toBe(1);
  });

  it("ramps a warm start's learning rate up over the first 3 % of the run", () => {
    const warm = { ...settings, initFrom: { model: "m", seconds: 0, images: 0 } };
    expect(learningRate(warm, 0, 100, 0.0005)).toBeLessThan(0.06);
    expect(learningRate(warm, 0, 100, 0.015)).toBeCloseTo(0.5 * learningRate(settings, 0, 100, 0.015), 1);
    expect(learningRate(warm, 0, 100, 0.5)).toBeCloseTo(0.525, 6);
    // with a constant rate too, over the first 3 % of the steps
    const constant = { ...warm, lrSchedule: "constant" as const };
    expect(learningRate(constant, 0, 1000)).toBeLessThan(0.05);
    expect(learningRate(constant, 15, 1000)).toBeCloseTo(0.5 * constant.lr, 1);
    expect(learningRate(constant, 30, 1000)).toBe(constant.lr);
  });

  it("ramps the codes' rate over each code's first 5 updates when only the codes learn, and only then", () => {
    const frozen = tinySettings({ codeLr: 0.01, freezeDecoder: true });
    expect(codeLearningRate(frozen, 1)).toBeCloseTo(0.002, 9);
    expect(codeLearningRate(frozen, 4)).toBeCloseTo(0.008, 9);
    expect(codeLearningRate(frozen, 5)).toBe(0.01);
    expect(codeLearningRate(frozen, 40)).toBe(0.01);
    expect(codeLearningRate({ ...frozen, freezeDecoder: false }, 1)).toBe(0.01);
  });

  it("keeps the code noise constant, or decays it like the rate to its final value", () => {
    expect(codeNoiseAt(tinySettings({ codeNoise: 0.3 }), 50, 100)).toBe(0.3);
    const annealed = { ...settings, codeNoise: 0.3, codeNoiseFinal: 0.1 };
    expect(codeNoiseAt(annealed, 0, 100, 0)).toBeCloseTo(0.3, 6);
    expect(codeNoiseAt(annealed, 0, 100, 0.5)).toBeCloseTo(0.2, 6);
    expect(codeNoiseAt(annealed, 0, 100, 1)).toBeCloseTo(0.1, 6);
  });
});
