# tickhub's image, laid out as freqtrade's: a base with the app user, a stage that installs the
# dependencies, and the runtime image running as that user. Build: docker compose build.
FROM node:22-bookworm-slim AS base

ENV LANG=C.UTF-8 \
    LC_ALL=C.UTF-8 \
    NODE_ENV=production \
    MALLOC_ARENA_MAX=2

# The image's uid-1000 user renamed, as freqtrade's ftuser (uid 1000): files it writes into the
# mounted user_data/ belong to the host's first user.
RUN groupmod -n tickuser node \
  && usermod -l tickuser -d /home/tickuser -m node \
  && mkdir /tickhub \
  && chown tickuser:tickuser /tickhub

WORKDIR /tickhub

# Install dependencies (no devDependencies: the image's Node 22 runs the TypeScript source)
FROM base AS deps
COPY --chown=tickuser:tickuser package.json package-lock.json /tickhub/
COPY --chown=tickuser:tickuser packages/client/package.json /tickhub/packages/client/
USER tickuser
RUN npm ci --omit=dev --no-audit --no-fund \
  && npm cache clean --force

FROM base AS runtime-image
COPY --from=deps --chown=tickuser:tickuser /tickhub/node_modules /tickhub/node_modules
USER tickuser
COPY --chown=tickuser:tickuser . /tickhub/
RUN mkdir -p /tickhub/user_data

# Inside the container the API listens on every interface (the compose file publishes it on the
# host's 127.0.0.1 only); the start-up refusals of insecure configs apply beyond loopback.
ENV TICKHUB__API_SERVER__LISTEN_IP_ADDRESS=0.0.0.0
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/api/v1/ping').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Exec form: node is PID 1 and gets SIGTERM from `docker stop` (clean shutdown, lock released).
ENTRYPOINT ["node", "src/hosts/node.ts"]
CMD ["--user-data-dir", "/tickhub/user_data"]
