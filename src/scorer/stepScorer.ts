// The trainer's step scorer (checkpoints/step-N/step_scorer.onnx) run in the editor:
// P(step is flawed) for every step of any rollouts, live, past or imported.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Rollout } from '../protocol/generated';
import { FEATURISATION, TOTAL_DIM, featureMatrix } from './featurise';

export interface RolloutScore {
  rolloutId: string;
  /** P(flawed) of step i + 1. */
  pFlawed: number[];
  /** The first step (1-based) with P(flawed) > 0.5, else 0: comparable to a cut. */
  predictedCut: number;
}

export class StepScorerError extends Error {}

// Without a CUDA build onnxruntime prints its failed CUDA probe to stderr as an error; every real
// failure reaches us as an exception (reported below), so its own log stays quiet.
ort.env.logLevel = 'fatal';

export class StepScorer {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly provider: 'cuda' | 'cpu',
  ) {}

  /** Loads ``onnxPath``; its step_scorer.json must name the featurisation we implement. */
  static async load(onnxPath: string): Promise<StepScorer> {
    await checkInfo(path.join(path.dirname(onnxPath), 'step_scorer.json'));
    try {
      return new StepScorer(
        await ort.InferenceSession.create(onnxPath, { executionProviders: ['cuda'] }),
        'cuda',
      );
    } catch {
      // No CUDA build or no GPU here: the CPU runs this small model in well under a millisecond a step.
    }
    try {
      return new StepScorer(
        await ort.InferenceSession.create(onnxPath, { executionProviders: ['cpu'] }),
        'cpu',
      );
    } catch (err: unknown) {
      const why = err instanceof Error ? err.message : String(err);
      throw new StepScorerError(
        `cannot load the step scorer ${onnxPath}: ${why}. Save a new checkpoint to write it again.`,
      );
    }
  }

  async score(rollouts: readonly Rollout[]): Promise<RolloutScore[]> {
    const matrix = featureMatrix(rollouts);
    const steps = matrix.length / TOTAL_DIM;
    let p: Float32Array = new Float32Array(0);
    if (steps > 0) {
      const input = new ort.Tensor('float32', matrix, [steps, TOTAL_DIM]);
      const output = await this.session.run({ features: input });
      p = output.p_flawed?.data as Float32Array;
    }
    let row = 0;
    return rollouts.map((r) => {
      const pFlawed = Array.from(p.subarray(row, row + r.turns.length));
      row += r.turns.length;
      return { rolloutId: r.id, pFlawed, predictedCut: pFlawed.findIndex((x) => x > 0.5) + 1 };
    });
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

async function checkInfo(infoPath: string): Promise<void> {
  let info: { featurisation?: unknown; total_dim?: unknown };
  try {
    info = JSON.parse(await readFile(infoPath, 'utf8')) as typeof info;
  } catch (err: unknown) {
    const why = err instanceof Error ? err.message : String(err);
    throw new StepScorerError(
      `cannot read ${infoPath} (${why}): the step scorer needs its description beside it`,
    );
  }
  if (info.featurisation !== FEATURISATION || info.total_dim !== TOTAL_DIM) {
    throw new StepScorerError(
      `${infoPath} expects featurisation ${String(info.featurisation)} (${String(info.total_dim)} features); ` +
        `this editor implements ${FEATURISATION} (${TOTAL_DIM}): update the extension or the trainer so they match`,
    );
  }
}
