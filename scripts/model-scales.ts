/** npm run model:scales -- --model models/default --data data/yearbook */
import { resolve } from "node:path";
import { addHolisticScales } from "../training/addScales";
import { parseCli } from "./cli";

const { values } = parseCli({
  command: "npm run model:scales --",
  summary:
    "Adds holistic scales (masculine – feminine, face width, skin tone…) to a model trained before they existed, from the labelled set it was trained on.",
  options: {
    model: { type: "string", default: "models/default", value: "<dir>", help: "the model folder" },
    data: { type: "string", default: "data/yearbook", value: "<dir>", help: "its training set, with labels.json" },
  },
});
for (const s of await addHolisticScales(resolve(values.model), resolve(values.data)))
  console.log(`${s.label.padEnd(32)} r ${s.r.toFixed(2)}`);
