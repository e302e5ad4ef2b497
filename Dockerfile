# Symphony Messenger image: one image for the worker (default command) and the HTTP API (`serve`).
# Build: docker build -t symphony-messenger .    Run: docker run --rm -e SYMPHONY_TRANSPORT_DSN=redis://host:6379 symphony-messenger

# --- build: install everything, compile TypeScript to dist/, then drop dev dependencies ---
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

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
# ./var holds the embedded store, used only when no SYMPHONY_TRANSPORT_DSN is set and no Redis answers.
RUN mkdir -p var && chown node:node var
USER node
# The worker finishes in-flight handlers on SIGTERM (within --shutdown-timeout) and exits 0.
STOPSIGNAL SIGTERM
# node directly, not `npm run worker`: npm exits on SIGTERM without waiting for its child.
CMD ["node", "dist/src/cli/main.js", "worker"]
