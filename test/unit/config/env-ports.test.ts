import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { parseEnv } from '../../../src/config/env';
import { ConfigError } from '../../../src/errors';
import { listen } from '../../../src/http/server';

const PORTS = ['SYMPHONY_HTTP_PORT', 'PORT', 'SYMPHONY_METRICS_PORT'] as const;

describe('port variables', () => {
  it.each(PORTS)('%s takes 0 to 65535, and refuses anything else naming the variable', (name) => {
    expect(parseEnv({ [name]: '0' })[name]).toBe(0);
    expect(parseEnv({ [name]: '65535' })[name]).toBe(65535);
    for (const bad of ['-1', '65536', '3000.5', 'http']) {
      expect(() => parseEnv({ [name]: bad })).toThrow(ConfigError);
      expect(() => parseEnv({ [name]: bad })).toThrow(name);
    }
  });

  it('port 0 listens on a free port and says which (what the README promises)', async () => {
    const server = await listen(express(), '127.0.0.1', 0);
    try {
      expect(server.port).toBeGreaterThan(0);
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    } finally {
      await server.close();
    }
    const readme = fs.readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
    expect(readme).toContain('0 to 65535 (`SYMPHONY_HTTP_PORT` first, then `PORT`); 0 takes any free port');
    expect(readme).toContain('a port 0 to 65535');
  });
});
