import { Router } from 'express';
import type { MessageCatalog } from '../../message/message-catalog';
import { allow } from '../auth';
import { buildOpenApi } from '../openapi';

export function openApiRoutes(catalog: MessageCatalog): Router {
  const router = Router();
  let document: Record<string, unknown> | undefined;
  router.get('/openapi.json', allow('docs'), (_req, res) => {
    // Built on first use: the catalog is fixed for the life of the process.
    document ??= buildOpenApi(catalog);
    res.json(document);
  });
  return router;
}
