# The web server and indexer; Meilisearch runs in its own container (see docker-compose.yml).
FROM node:24-bookworm-slim
ENV NODE_ENV=production
# git reads the corpus's history (history pages, point-in-time views, changes, feeds).
RUN apt-get update \
  && apt-get install -y --no-install-recommends git ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# The bundled engine binary is not needed here: the app talks to the meilisearch service.
RUN npm ci --omit=dev && rm -rf node_modules/@gaubee && npm cache clean --force
COPY config ./config
COPY engine ./engine
COPY indexer ./indexer
COPY server ./server
COPY views ./views
# The server runs built JavaScript (as `npm start` does), not TypeScript through tsx.
COPY scripts ./scripts
RUN node --import tsx scripts/build-server.ts
# A copy of the corpus without its history; docker-compose.yml mounts the repository instead,
# so that the history pages work and saved edits are published.
COPY corpus ./corpus
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
CMD ["node", "dist/server.mjs"]
