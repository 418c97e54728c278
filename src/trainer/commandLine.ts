// Builds the trainer's argv. Pure, and spawned without a shell, so values with spaces, quotes,
// unicode or leading dashes reach the trainer as exactly one argument each.

export interface TrainCommandOptions {
  python: string;
  preset: string;
  maxSteps: number;
  runDir: string;
  /** Passed through after the fixed arguments, unchanged. */
  extraArgs?: readonly string[];
}

export function buildTrainCommandLine(options: TrainCommandOptions): string[] {
  if (options.python.length === 0) throw new Error('the Python path is empty');
  if (!Number.isInteger(options.maxSteps) || options.maxSteps < 0) {
    throw new Error(`max steps must be a whole number ≥ 0, not ${options.maxSteps}`);
  }
  // `--opt=value` keeps a value that starts with '-' from being read as another option by argparse.
  return [
    options.python,
    '-m',
    'searchr2',
    'train',
    `--preset=${options.preset}`,
    `--max-steps=${String(options.maxSteps)}`,
    `--run-dir=${options.runDir}`,
    '--protocol=stdio',
    ...(options.extraArgs ?? []),
  ];
}
