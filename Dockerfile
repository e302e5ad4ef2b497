# Symphony Messenger image: one image for the worker (default command) and the HTTP API (`serve`).
# Build: docker build -t symphony-messenger .    Run: docker run --rm -e SYMPHONY_TRANSPORT_DSN=redis://host:6379 symphony-messenger

# --- build: install everything, compile TypeScript to dist/, then keep only what the image runs ---
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# prune:production drops the dev tools and installs back what runs besides the dependencies, which are dev
# dependencies of this repo: zod, the HTTP API and admin UI, metrics, traces, the example handlers' nodemailer
# (scripts/runtime-packages.cjs, at the lock's versions). A bare `npm prune --omit=dev` leaves no zod: nothing starts.
RUN npm run build && npm run prune:production

# --- runtime: compiled code and production dependencies only, as a non-root user ---
FROM node:20-slim AS runtime
ENV NODE_ENV=production
# The image carries this repo's demo app, compiled; a project's image has its own symphony.config.
ENV SYMPHONY_APP=dist/queues/index.js
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
# NODE_ENV=production: an unset SYMPHONY_TRANSPORT_DSN means the Redis on 127.0.0.1:6379, never the embedded
# store (no fallback, so a worker started during a Redis outage waits instead of running on a store of its own).
# ./var is writable only for an embedded store named explicitly (pglite://./var/symphony, one process at a time).
RUN mkdir -p var && chown node:node var
USER node
# The worker finishes in-flight handlers on SIGTERM (within --shutdown-timeout) and exits 0.
STOPSIGNAL SIGTERM
# node directly, not `npm run worker`: npm exits on SIGTERM without waiting for its child.
CMD ["node", "dist/src/cli/main.js", "worker"]
