# The library service's image: `docker compose up` (compose.yaml) runs it with its worker and PostgreSQL.
# Debian trixie, so its postgresql-client-17 can back up the PostgreSQL 17 of compose.yaml
# (pg_dump refuses a server newer than itself; bookworm's client is 15).
FROM node:20-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The service worker is built here, once; the running container writes nothing outside DATA_DIR and /tmp.
RUN npm run build:sw && npm prune --omit=dev --no-audit --no-fund

FROM node:20-trixie-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends postgresql-client-17 \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    NPM_CONFIG_CACHE=/tmp/npm \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
# Owned by root: the service (user node) can read its code but never change it.
COPY --from=build /app /app
RUN mkdir /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
# tsx straight away, not `npm start`: its prestart would check the service worker build, which the image already holds.
# The node flags are `npm start`'s (README, Scale-out: memory for young objects).
CMD ["node_modules/.bin/tsx", "--max-semi-space-size=64", "--no-memory-reducer", "src/main.ts"]
