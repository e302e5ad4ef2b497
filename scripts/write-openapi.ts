// Writes the OpenAPI document this repository's app serves (GET /api/symphony/openapi.json) to the
// file given, for `npm run lint:openapi` (Redocly's recommended rules, warnings as errors).
import fs from 'node:fs';
import path from 'node:path';
import { buildOpenApi } from '../src/http/openapi';
import { MessageCatalog } from '../src/message/message-catalog';
import app from '../symphony.config';

const file = path.resolve(process.argv[2] ?? 'dist/openapi.json');
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, `${JSON.stringify(buildOpenApi(new MessageCatalog(app.messages)), null, 2)}\n`);
