# complaintd: build with the official Swift 6 image, run on a slim Debian with only the runtime.
FROM swift:6.3-bookworm AS build
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY Benchmarks ./Benchmarks
RUN swift build -c release --product complaintd --static-swift-stdlib \
 && install -D .build/release/complaintd /out/complaintd

FROM debian:bookworm-slim
# tzdata: the workflow's "same local day" rule needs the configured time zone (Asia/Shanghai).
# libcurl4 + ca-certificates: https notification endpoints go through FoundationNetworking.
# curl: the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tzdata ca-certificates libcurl4 curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/complaintd --create-home complaintd \
 && mkdir -p /var/lib/complaintd/data && chown complaintd:complaintd /var/lib/complaintd/data
COPY --from=build /out/complaintd /usr/local/bin/complaintd
COPY openapi.yaml /usr/local/bin/openapi.yaml
COPY config/complaintd.json /etc/complaintd/complaintd.json
USER complaintd
WORKDIR /var/lib/complaintd
VOLUME ["/var/lib/complaintd/data"]
EXPOSE 8080
ENV COMPLAINTD_HOST=0.0.0.0 COMPLAINTD_DATA_DIR=/var/lib/complaintd/data
# complaintd handles SIGTERM itself: it stops accepting, finishes in-flight requests, syncs the log.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["/usr/local/bin/complaintd", "--config", "/etc/complaintd/complaintd.json"]
