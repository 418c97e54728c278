// Builds the trainer's argv. Pure, and spawned without a shell, so values with spaces, quotes,
// unicode or leading dashes reach the trainer as exactly one argument each.

export interface TrainCommandOptions {
  python: string;
  preset: string;
  maxSteps: number;
  runDir: string;
  /** An absolute path to a run config JSON file, merged by the trainer over the preset. */
  configFile?: string;
  /** Passed through after the fixed arguments, unchanged. */
  extraArgs?: readonly string[];
}

export function buildTrainCommandLine(options: TrainCommandOptions): string[] {
  if (options.python.length === 0) throw new Error('the Python path is empty');
  if (!Number.isInteger(options.maxSteps) || options.maxSteps < 0) {
    throw new Error(`max steps must be a whole number ≥ 0, not ${options.maxSteps}`);
  }
  const extraArgs = options.extraArgs ?? [];
  for (const arg of extraArgs) {
    if (overridesReserved(arg)) {
      throw new Error(`the extra trainer argument '${arg}' would change where or how the editor talks to the trainer`);
    }
  }
  // `--opt=value` keeps a value that starts with '-' from being read as another option by argparse.
  return [
    options.python,
    '-m',
    'searchr2',
    'train',
    `--preset=${options.preset}`,
    ...(options.configFile === undefined ? [] : [`--config=${options.configFile}`]),
    `--max-steps=${String(options.maxSteps)}`,
    `--run-dir=${options.runDir}`,
    '--protocol=stdio',
    ...extraArgs,
  ];
}

/** The setting is user JSON: anything but an array of strings is refused, not guessed at. */
export function parseExtraArgs(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new Error('searchr2.extraTrainerArgs must be an array of strings');
  }
  return value;
}

// The editor relies on these; argparse would let a later copy win, and accepts unambiguous prefixes.
const RESERVED_OPTIONS = ['--run-dir', '--protocol'];

function overridesReserved(arg: string): boolean {
  const name = arg.split('=', 1)[0] ?? '';
  return name.startsWith('--') && name.length > 2 && RESERVED_OPTIONS.some((option) => option.startsWith(name));
}
