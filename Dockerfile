# The web server and indexer; Meilisearch runs in its own container (see docker-compose.yml).
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# The bundled engine binary is not needed here: the app talks to the meilisearch service.
RUN npm ci --omit=dev && rm -rf node_modules/@gaubee && npm cache clean --force
COPY indexer ./indexer
COPY server ./server
COPY views ./views
COPY corpus ./corpus
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "server/main.ts"]
