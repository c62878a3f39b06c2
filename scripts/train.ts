/**
 * npm run train -- --data <dir|zip> --out models/<version> [--epochs 100 --batch 16 --widths 128,128,64,32,16
 *   --latent 80 --seed 1 --loss mse|lap1 --engine onnx|tfjs --device cpu|webgpu --workers 2 --threads 1 (ONNX on the CPU: two sessions by default) --resume --max-minutes N
 *   --code-noise 0.25 [--code-noise-final 0.05] --freeze-decoder --init-from models/<trained on the same dataset;
 *   --widths may widen it>]
 * The job itself (import → warm start → train → finish) is training/trainingJob.ts; this shows it in the terminal.
 */
import { runTrainingJob } from "../training/trainingJob";
import { progressBar } from "./progressBar";
import { parseTrainCommand } from "./trainOptions";

const cmd = parseTrainCommand(process.argv.slice(2));
const { settings } = cmd;

const importBar = progressBar("import");
let importing = false;
const endImport = () => {
  if (importing) importBar.stop();
  importing = false;
};
const bar = progressBar("train", " | loss {loss} | {ips} img/s | {psnr}", "payload");
const clock = (seconds: number) =>
  `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")}m${String(Math.floor(seconds % 60)).padStart(2, "0")}s`;
let training = false;

await runTrainingJob(
  { ...cmd, command: `npm run train -- ${process.argv.slice(2).join(" ")}` },
  {
    onLog: (line, level) => {
      endImport();
      if (level === "warn") console.warn(line);
      else console.log(line);
    },
    onProgress: (p) => {
      if (p.stage === "import") {
        if (!importing) importBar.start(p.total, p.done);
        else importBar.update(p.done);
        importing = true;
        return;
      }
      endImport();
      if (p.stage === "finish" && training) {
        bar.stop();
        training = false;
      }
      if (p.stage !== "train") return;
      const t = p.train;
      const payload = {
        loss: t.loss.toFixed(5),
        ips: t.imagesPerSecond.toFixed(1),
        psnr: t.psnr ? `${t.psnr.toFixed(2)} dB` : "",
        remaining: clock(Math.max(0, t.etaSeconds)),
      };
      // a time budget that ends the run before the last epoch: the bar's total is the steps it will reach
      const total = Math.min(t.totalSteps, t.step + Math.round((t.etaSeconds * t.imagesPerSecond) / settings.batch));
      if (!training) {
        bar.start(total, t.step, payload);
        training = true;
      } else {
        bar.setTotal(total);
        bar.update(t.step, payload);
      }
    },
  },
);
