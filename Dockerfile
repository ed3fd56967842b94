# One image for every LogCAS process of the stack (API, demo feeder, ingest follower, archiver) and the
# stage that builds the two Grafana plugins.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY packages/contract/package.json packages/contract/
COPY packages/core/package.json packages/core/
COPY packages/grafana-datasource/package.json packages/grafana-datasource/
COPY packages/grafana-panel/package.json packages/grafana-panel/
COPY tools/browser-harness/package.json tools/browser-harness/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build -w @logcas/contract -w @logcas/core -w logcas-logs-datasource -w logcas-timeline-panel

# Copies the built plugins into the volume Grafana loads them from, then exits.
FROM busybox:1.37 AS plugins
COPY --from=build /src/packages/grafana-datasource/dist /plugins-src/logcas-logs-datasource
COPY --from=build /src/packages/grafana-panel/dist /plugins-src/logcas-timeline-panel
CMD ["sh", "-c", "rm -rf /plugins/logcas-* && cp -r /plugins-src/* /plugins/"]

FROM node:20-bookworm-slim AS logcas
WORKDIR /app
ENV NODE_ENV=production
# npm ci checks every workspace of the lock file, so each one's package.json comes along; only core's
# production dependencies are installed.
COPY --from=build /src/package.json /src/package-lock.json ./
COPY --from=build /src/packages/contract/package.json packages/contract/
COPY --from=build /src/packages/core/package.json packages/core/
COPY --from=build /src/packages/grafana-datasource/package.json packages/grafana-datasource/
COPY --from=build /src/packages/grafana-panel/package.json packages/grafana-panel/
COPY --from=build /src/tools/browser-harness/package.json tools/browser-harness/
# bin/ before npm ci, so the `logcas` command is linked (docker compose exec <service> logcas --help).
COPY --from=build /src/packages/core/bin packages/core/bin
RUN npm ci --omit=dev --workspace @logcas/core --no-audit --no-fund
ENV PATH=/app/node_modules/.bin:$PATH
COPY --from=build /src/packages/contract/dist packages/contract/dist
COPY --from=build /src/packages/core/dist packages/core/dist
USER node
ENTRYPOINT ["node", "packages/core/dist/cli/main.js"]
CMD ["serve", "--bind", "0.0.0.0", "--port", "8080", "--forward", "24224"]
