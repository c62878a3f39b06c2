/**
 * The models the server decodes with, by version. A version is loaded on first use (a room that renders
 * with it, or activation) and unloaded when no room uses it and it is not the active one. Each loaded
 * version has its own render scheduler, so rooms of one version share its batches. The active version
 * is the one new rooms start on; switching it takes effect at once, without a restart.
 */
import type { LoadedModel } from "../../facemodel/artifact/modelArtifact";
import { ModelVersionError, type OpenModel } from "../../facemodel/openModel";
import type { DecoderRuntime } from "../../facemodel/runtime/decoderRuntime";
import { FaceEncoderPool } from "./FaceEncoderPool";
import { RenderScheduler } from "./RenderScheduler";

/** One loaded version: its model (face space, manifest) and the scheduler every decode with it goes through. */
export interface Renderer {
  readonly version: string;
  readonly model: LoadedModel;
  readonly scheduler: RenderScheduler;
}

/** The admin's names for a version's components, by index, over the manifest's own labels. */
export type ComponentNames = Record<string, string>;

interface Loaded {
  renderer: Renderer;
  runtime: DecoderRuntime;
  users: number;
}

export class ModelRegistry {
  /** versions being loaded */
  private readonly loading = new Map<string, Promise<Loaded>>();
  /** versions in memory */
  private readonly loaded = new Map<string, Loaded>();
  private active: string;
  /** the admin's component names by version (applied when a version loads, and at once when loaded) */
  private readonly names = new Map<string, ComponentNames>();
  /** the versions whose decoder may be sent to browsers (an admin's choice, kept in the database) */
  private readonly drawnLocally = new Set<string>();
  /** each loaded version's labels as its manifest has them */
  private readonly ownLabels = new Map<string, LoadedModel["manifest"]["components"]>();
  /** frames rendered by versions already unloaded, so the total never goes down */
  private framesBefore = 0;
  /** the JPEG encoder's threads, shared by every version's scheduler */
  private readonly encoder = new FaceEncoderPool();

  constructor(
    private readonly open: OpenModel,
    active: string,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.active = active;
  }

  /** The version new rooms start on. */
  get activeVersion(): string {
    return this.active;
  }

  /** Versions in memory now. */
  get versions(): string[] {
    return [...this.loaded.keys()];
  }

  /** Told each decoder call's faces and seconds, every version's (the operators' metrics). */
  onDecode: (faces: number, seconds: number) => void = () => {};

  /** Rooms and faces waiting for a decode, all versions together. */
  get queued(): number {
    let sum = 0;
    for (const entry of this.loaded.values()) sum += entry.renderer.scheduler.queued;
    return sum;
  }

  /** Frames rendered so far, all versions together. */
  get frames(): number {
    let sum = this.framesBefore;
    for (const entry of this.loaded.values()) sum += entry.renderer.scheduler.stats.frames;
    return sum;
  }

  /** Loads the version (once) and counts one more user of it; release() when done. */
  async acquire(version: string): Promise<Renderer> {
    let entry = this.loaded.get(version);
    if (!entry) {
      let pending = this.loading.get(version);
      if (!pending) {
        pending = this.load(version).finally(() => this.loading.delete(version));
        this.loading.set(version, pending);
      }
      await pending;
      // unloaded again between the load and now: load it afresh
      entry = this.loaded.get(version);
      if (!entry) return this.acquire(version);
    }
    entry.users++;
    return entry.renderer;
  }

  /** One user less; a version nobody uses and not active leaves memory. */
  release(version: string): void {
    const entry = this.loaded.get(version);
    if (!entry) return;
    entry.users--;
    this.unloadIfUnused(version);
  }

  /**
   * Makes the version the one new rooms start on, loading it first (a version that cannot be loaded is
   * refused and the active one stays). Rooms already open keep theirs.
   */
  async activate(version: string): Promise<void> {
    if (version === this.active) return;
    await this.acquire(version);
    const previous = this.active;
    this.active = version;
    this.release(version);
    this.unloadIfUnused(previous);
    this.log(`active model: ${version} (was ${previous})`);
  }

  /** Allows or stops sending the version's decoder to the browsers of its rooms. */
  allowLocalDrawing(version: string, allowed: boolean): void {
    if (allowed) this.drawnLocally.add(version);
    else this.drawnLocally.delete(version);
  }

  /** Whether the version's decoder may be sent to browsers. */
  localDrawing(version: string): boolean {
    return this.drawnLocally.has(version);
  }

  /** Names a version's components (rooms of it show them from their next load); "" drops a name. */
  rename(version: string, names: ComponentNames): void {
    this.names.set(version, names);
    const entry = this.loaded.get(version);
    if (entry) this.applyNames(entry);
  }

  private applyNames(entry: Loaded): void {
    const { manifest } = entry.renderer.model;
    const own = this.ownLabels.get(entry.renderer.version) ?? manifest.components;
    this.ownLabels.set(entry.renderer.version, own);
    const names = Object.entries(this.names.get(entry.renderer.version) ?? {}).filter(([, n]) => n.trim() !== "");
    const renamed = new Set(names.map(([k]) => Number(k)));
    manifest.components = [
      ...own.filter((c) => !renamed.has(c.component)),
      // a renamed component still tracks its factor (the face array holds background and position by it)
      ...names.map(([k, label]) => ({ ...own.find((c) => c.component === Number(k)), component: Number(k), label })),
    ].sort((a, b) => a.component - b.component);
  }

  /** Loads the active version: call once at start, so that a model that cannot be used fails the start. */
  async ready(): Promise<Renderer> {
    const renderer = await this.acquire(this.active);
    this.release(this.active);
    return renderer;
  }

  /** Waits for every scheduler to finish what it was given. */
  async idle(): Promise<void> {
    for (const entry of this.loaded.values()) await entry.renderer.scheduler.idle();
  }

  /** Unloads every version (shutdown). */
  async close(): Promise<void> {
    await Promise.allSettled(this.loading.values());
    const all = [...this.loaded.values()];
    this.loaded.clear();
    for (const entry of all) await this.dispose(entry);
    await this.encoder.close();
  }

  private async load(version: string): Promise<Loaded> {
    const { model, runtime } = await this.open(version);
    if (model.manifest.version !== version) {
      await runtime.dispose();
      throw new ModelVersionError(`model ${version} not found: its folder holds ${model.manifest.version}`);
    }
    // the batch follows the backend: a GPU decodes hundreds of faces in the time a CPU decodes a few
    const batch = runtime.preferredBatch ?? 32;
    const scheduler = new RenderScheduler(runtime, model.faceSpace, model.manifest.image, {
      maxBatch: batch,
      encoder: this.encoder,
      onDecode: (faces, seconds) => this.onDecode(faces, seconds),
      onError: (error) => this.log(`render with model ${version} failed: ${(error as Error).message}`),
    });
    this.log(`model ${version} loaded (decoding on ${runtime.backend})`);
    const entry: Loaded = { renderer: { version, model, scheduler }, runtime, users: 0 };
    this.applyNames(entry);
    this.loaded.set(version, entry);
    return entry;
  }

  private unloadIfUnused(version: string): void {
    const entry = this.loaded.get(version);
    if (!entry || entry.users > 0 || version === this.active) return;
    this.loaded.delete(version);
    this.ownLabels.delete(version);
    this.dispose(entry)
      .then(() => this.log(`model ${version} unloaded (no room uses it)`))
      .catch((error: unknown) => this.log(`model ${version} not unloaded cleanly: ${(error as Error).message}`));
  }

  private async dispose(entry: Loaded): Promise<void> {
    await entry.renderer.scheduler.idle();
    this.framesBefore += entry.renderer.scheduler.stats.frames;
    await entry.runtime.dispose();
  }
}
