/** A mistake in how the bench was called or pointed: said in one line, without a stack. */
export class BenchInputError extends Error {
  override readonly name = 'BenchInputError';
}

/** node's parseArgs error (it names the option) with the script's usage line after it. */
export function usageError(error: unknown, usage: string): BenchInputError {
  return new BenchInputError(`${(error as Error).message.replace(/\.$/, '')}. Usage: ${usage}`);
}

/** A URL fit to print: its password, if any, masked. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}

/** The bench scripts' last word: input errors as one line (exit 2), anything else with its stack (exit 1). */
export function reportBenchFailure(error: unknown): void {
  if (error instanceof BenchInputError) {
    console.error(`bench: ${error.message}`);
    process.exitCode = 2;
    return;
  }
  console.error(error);
  process.exitCode = 1;
}
