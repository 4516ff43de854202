# syntax=docker/dockerfile:1
# Panah's image. Build: `docker build -t panah .`; run: see compose.yaml and docs/operations.md.
# scripts/replay-image.sh replays the final stage without Docker (it reads its COPY, ENV,
# EXPOSE, HEALTHCHECK, ENTRYPOINT and CMD lines): keep one source per COPY and one variable
# per ENV line.

# The base of both stages: the official Node image, Node 20 on Debian bookworm (slim), the
# Node the tests run on (the repository pins matrix-js-sdk, better-sqlite3 and vitest for
# Node 20). Any Debian-based image with Node 20 at /usr/local/bin, npm and a `node` user
# (uid 1000) will do: CI builds on one made from Debian's packages, without an image
# registry (scripts/container/check-image.sh, `--build-arg BASE=...`).
ARG BASE=docker.io/library/node:20-bookworm-slim

# Production dependencies only. better-sqlite3 fetches a prebuilt binary for this Node; the
# compilers are for when none fits, and stay in this stage.
FROM ${BASE} AS deps
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# The source runs as it is: bin/compiled.js bundles the TypeScript with esbuild (tsx's own dependency)
# on the first start after a change, into node_modules/.cache/panah; where it cannot, tsx compiles it on load.
FROM ${BASE}
WORKDIR /app
ENV NODE_ENV=production
ENV LOG_LEVEL=info
ENV PANAH_CONFIG=/app/panah.yaml
ENV PANAH_KNOWLEDGE_DIR=/app/knowledge
ENV PANAH_DATA_DIR=/data
# The out-of-scope gate trained on a mounted knowledge base is kept in the volume, so a
# restart reads it instead of training again (the bundled base's is built into the image).
ENV PANAH_CACHE_DIR=/data/cache
# The health and metrics endpoint on the container's interfaces, where HEALTHCHECK, a balancer
# and monitoring reach it. The environment overrides the configuration file's http section, so
# an operator's own /app/panah.yaml cannot turn it off or bind it to 127.0.0.1 by accident.
# Not 8080: that is the Telegram webhook's default port.
ENV PANAH_HTTP_PORT=9464
ENV PANAH_HTTP_HOST=0.0.0.0
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./package.json
COPY package-lock.json ./package-lock.json
COPY tsconfig.json ./tsconfig.json
COPY bin ./bin
COPY src ./src
COPY adapters ./adapters
COPY knowledge ./knowledge
COPY corpora ./corpora
COPY test/eval ./test/eval
COPY docker/panah.yaml ./panah.yaml
# The code stays root's and read-only; Panah, as the unprivileged `node` user, writes only
# to /data: the database and the Matrix crypto state. Mount a knowledge base over
# /app/knowledge to publish without rebuilding (it is reloaded on every save).
# `validate` trains the gate for the bundled knowledge base into node_modules/.cache/panah
# (and fails the build if that base has errors): the first start answers at once.
RUN PANAH_CACHE_DIR= node bin/panah.js validate knowledge && mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9464/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM itself: `docker stop` gets a clean shutdown.
ENTRYPOINT ["node", "bin/panah.js"]
CMD ["start"]
