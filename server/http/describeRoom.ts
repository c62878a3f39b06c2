/** What the room API and the room page tell about a room: its name and its model version's sliders. */

import { neutralFace } from "../../facemodel/randomFace";
import type { Role } from "../../lib/roles";
import type { RoomInfo } from "../../lib/roomInfo";
import type { ModelRegistry } from "../render/ModelRegistry";
import type { LiveRoom } from "../rooms/LiveRoom";

/** `role`: the asking session's. */
export function describeRoom(entry: LiveRoom, role: Role, models: ModelRegistry): RoomInfo {
  const model = entry.renderer.model;
  const m = model.manifest;
  const labels = new Map(m.components.map((c) => [c.component, c.label]));
  return {
    id: entry.room.id,
    name: entry.name,
    role,
    latent: m.latent,
    image: { width: m.image.width, height: m.image.height },
    modelVersion: m.version,
    activeModelVersion: models.activeVersion,
    localDrawing: models.localDrawing(m.version),
    epoch: entry.room.epoch,
    components: Array.from(model.faceSpace.explainedVarianceRatio, (variance, index) => ({
      index,
      label: labels.get(index),
      variance,
    })),
    neutral: Array.from(neutralFace(model)),
    scales: m.scales ?? [],
  };
}
