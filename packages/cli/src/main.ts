import { Command, CommanderError, Option } from 'commander';
import { ioErrorReason, isSaliencyError } from '@saliency/core';
import pkg from '../package.json' with { type: 'json' };
import type { GlobalOptions } from './context.js';
import { registerExplainCommand } from './commands/explain.js';
import { registerInspectCommand } from './commands/inspect.js';
import { registerPluginsCommand } from './commands/plugins.js';
import { registerRunCommand } from './commands/run.js';
import { registerVerifyCommand } from './commands/verify.js';

/** Builds the `saliency` command tree. */
export function buildProgram(): Command {
  const program = new Command('saliency')
    .description('Saliency maps (CASE, Grad-CAM, Grad-CAM++, Score-CAM, Ablation-CAM, LayerCAM) and the metrics and statistics that test them')
    .version(pkg.version, '-V, --version')
    .addOption(new Option('--backend <name>', 'TF.js backend').choices(['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu']).default('auto'))
    .option('--no-discovery', 'do not load plugin packages found in node_modules')
    .option('--root <dir>', 'project whose direct dependencies are searched for plugin packages', process.cwd())
    .option('-v, --verbose', 'log progress and the backend in use to stderr')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  registerPluginsCommand(program, globals);
  registerInspectCommand(program, globals);
  registerExplainCommand(program, globals);
  registerVerifyCommand(program, globals);
  registerRunCommand(program, globals);
  for (const c of program.commands) c.exitOverride();
  return program;
}

/** Runs the CLI; returns the exit status instead of exiting, so tests and embedders can call it. */
export async function main(argv: readonly string[], io: { err: (s: string) => void } = { err: (s) => process.stderr.write(s) }): Promise<number> {
  const program = buildProgram();
  program.configureOutput({ writeErr: (s) => io.err(s) });
  // Commands report "ran, but found failures" (e.g. verify) through process.exitCode.
  process.exitCode = undefined;
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    const status = Number(process.exitCode ?? 0);
    process.exitCode = undefined;
    return status;
  } catch (e) {
    return reportError(e, io.err);
  }
}

/** One clean line per failure: the code and the message, never a stack trace or minified wasm source. */
export function reportError(e: unknown, err: (s: string) => void): number {
  if (e instanceof CommanderError) {
    // Help and version "errors" are normal exits; usage errors were already printed by commander.
    return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
  }
  if (isSaliencyError(e) || isCodedError(e)) {
    err(`saliency: ${e.code}: ${e.message.replace(/\s*\n\s*/g, ' ')}\n`); // one line, whatever the message holds
    return 1;
  }
  // A file-system error a library let through is still a problem with the user's file: name it, one line.
  const sys = e as NodeJS.ErrnoException;
  if (e instanceof Error && typeof sys.code === 'string' && typeof sys.syscall === 'string' && typeof sys.path === 'string') {
    err(`saliency: SALIENCY_IO_FAILED: cannot ${sys.syscall} ${sys.path} (${ioErrorReason(sys)})\n`);
    return 1;
  }
  const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
  err(`saliency: unexpected error: ${msg}\n`);
  if (process.env.SALIENCY_DEBUG) err(`${(e as Error)?.stack ?? ''}\n`);
  return 70;
}

/** Errors of packages without a dependency on core (e.g. `@saliency/stats`' StatsInputError) carry the same codes. */
function isCodedError(e: unknown): e is Error & { code: string } {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && /^SALIENCY_[A-Z_]+$/.test(code);
}
