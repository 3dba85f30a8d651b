# syntax=docker/dockerfile:1
# Widerspruch-Bot: build → production dependencies → small runtime image, on Node.js 24 (LTS).

# 1. Type check and compile (tsc fails the build on any type error).
FROM node:24-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY locales ./locales
RUN npm run build
# Train the intent model once, here: the image ships it in .cache/, so a container answers its first
# question without training (about a second). Different content (KNOWLEDGE_DIR) trains at start-up.
RUN node dist/src/cli/kb-check.js

# 2. Production dependencies only (better-sqlite3 compiles here, where the build tools are).
FROM node:24-bookworm AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. Runtime: same Debian release as the stages above (native modules), no compilers, no npm call.
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    DATABASE_URL=/app/data/widerspruch-bot.sqlite
WORKDIR /app
# package.json marks the compiled files as ES modules; code stays owned by root (read-only for the bot).
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/.cache ./.cache
# src/paths.ts resolves these relative to the project root (/app) from dist/src/.
COPY locales ./locales
COPY src/knowledge/content ./src/knowledge/content
# The bot may add models for other content (KNOWLEDGE_DIR) to the cache; code stays read-only.
RUN mkdir -p /app/data && chown node:node /app/data /app/.cache/intent-model
USER node
VOLUME /app/data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The bot finishes in-flight updates on SIGTERM and exits within 10 s.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
