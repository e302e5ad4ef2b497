import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Symphony } from '../../bus/symphony';
import { commandName } from '../../cli/command-modules';
import { isHosted, runHosted } from '../../cli/hosted-cli';
import { ValidationError } from '../../errors';
import type { Logger } from '../../logger';
import { allow } from '../auth';
import { parseInput } from '../parse';

const cliRequest = z.object({ args: z.array(z.string().max(100_000)).min(1).max(200) });

/**
 * For the CLI only (not part of the documented API): while this process holds the embedded store,
 * `symphony failed:list` & co. in another terminal send their arguments here and print what the
 * command printed, run on this process's bus (see src/cli/run-on-server.ts). Admins only.
 */
export function cliRoutes(symphony: Symphony, logger: Logger, body: RequestHandler[]): Router {
  const router = Router();
  router.post('/cli', allow('manage'), ...body, async (req, res) => {
    const { args } = parseInput(cliRequest, req.body ?? {});
    if (!isHosted(args)) {
      throw new ValidationError('Not a command the server runs for the CLI', [
        { path: 'args', message: `"${commandName(args) ?? args[0]}" runs in its own process` },
      ]);
    }
    const cli = logger.child({ cli: commandName(args) });
    res.json(await runHosted(args, { symphony, config: symphony.config, logger: cli }));
  });
  return router;
}
