/** Opens a model version for the live server: finds its folder, loads and checks the artifact, starts a decoder. */
import { type LoadedModel, loadModel } from "./artifact/modelArtifact";
import { createDecoderRuntime } from "./runtime/createRuntime";
import type { DecoderRuntime, RuntimeOptions } from "./runtime/decoderRuntime";

/** Loads a version's model and a decoder for it; throws (saying why) when the version cannot be used. */
export type OpenModel = (version: string) => Promise<{ model: LoadedModel; runtime: DecoderRuntime }>;

export class ModelVersionError extends Error {}

/**
 * locate: the folder of a version, or undefined when no such version is known. The decoder runs on a
 * thread of its own (never on the event loop).
 */
export function modelOpener(
  locate: (version: string) => Promise<string | undefined>,
  options: RuntimeOptions = {},
): OpenModel {
  return async (version) => {
    const dir = await locate(version);
    if (dir === undefined) throw new ModelVersionError(`model ${version} is not registered`);
    const model = await loadModel(dir);
    return {
      model,
      runtime: await createDecoderRuntime(model.manifest.architecture, model.weights, { ...options, offThread: true }),
    };
  };
}
