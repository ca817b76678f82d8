// swift-tools-version:6.0
// complaintd: owners' complaint handling service. No package dependencies by design:
// Foundation, Dispatch, Glibc and a tiny C shim for the Linux calls Glibc does not expose.
import PackageDescription

let package = Package(
    name: "complaintd",
    products: [
        .executable(name: "complaintd", targets: ["complaintd"])
    ],
    targets: [
        // C shim: epoll, eventfd, timerfd, accept4 (Swift's Glibc module lacks them); the CPU's
        // CRC-32C instruction.
        .target(name: "CLinux"),
        // Syscall wrappers, sockets, the epoll event loop.
        .target(name: "POSIXIO", dependencies: ["CLinux"]),
        // Strict JSON reader (typed, no tree) and writer; standard library only, so every layer may use it.
        .target(name: "JSONCodec"),
        // SHA-256 and HMAC-SHA256 (FIPS 180-4, RFC 2104); standard library only.
        .target(name: "Digest"),
        // Uploaded files: multipart/form-data, media types by magic bytes, JPEG location metadata
        // stripped; push parsers over bytes, standard library only.
        .target(name: "Media"),
        // Metrics (Prometheus text) and JSON-lines logging; no I/O policy of its own.
        .target(name: "Telemetry"),
        // HTTP/1.1: parser, limits, connections, router, responses. Knows nothing of complaints.
        .target(name: "HTTP1", dependencies: ["POSIXIO", "Telemetry"]),
        // Append-only JSON-lines event log. Knows nothing of the workflow.
        .target(name: "EventStore", dependencies: ["CLinux"]),
        // The complaint workflow: pure, no HTTP, no files.
        .target(name: "ComplaintDomain", dependencies: ["JSONCodec"]),
        // Robot and webhook notifications: outbox, platform formats and signatures, HTTP client.
        // Knows complaints only as the plain facts the service hands it.
        .target(name: "Notifications", dependencies: ["POSIXIO", "HTTP1", "Digest", "JSONCodec", "Telemetry"]),
        // Routes, DTOs, auth, problem+json, wiring of domain + store + HTTP.
        .target(
            name: "ComplaintService",
            dependencies: [
                "HTTP1", "EventStore", "ComplaintDomain", "Telemetry", "JSONCodec", "Digest",
                "Notifications", "Media", "CLinux",
            ]),
        .executableTarget(name: "complaintd", dependencies: ["ComplaintService", "POSIXIO", "Telemetry"]),
        .executableTarget(name: "StoreBench", dependencies: ["EventStore"], path: "Benchmarks/StoreBench"),
        .executableTarget(name: "JSONBench", dependencies: ["JSONCodec"], path: "Benchmarks/JSONBench"),
        .executableTarget(
            name: "ComplaintBench", dependencies: ["ComplaintDomain", "EventStore", "JSONCodec"], path: "Benchmarks/ComplaintBench",
            exclude: ["README.md"]),

        // Loopback test client shared by the test targets (test targets cannot import each other).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "POSIXIOTests", dependencies: ["POSIXIO"]),
        .testTarget(name: "TelemetryTests", dependencies: ["Telemetry", "TestSupport"]),
        .testTarget(name: "JSONCodecTests", dependencies: ["JSONCodec"]),
        .testTarget(name: "DigestTests", dependencies: ["Digest"]),
        .testTarget(name: "MediaTests", dependencies: ["Media"]),
        .testTarget(name: "HTTP1Tests", dependencies: ["HTTP1", "POSIXIO", "Telemetry", "TestSupport"]),
        .testTarget(name: "EventStoreTests", dependencies: ["EventStore"]),
        .testTarget(name: "ComplaintBenchTests", dependencies: ["ComplaintBench", "ComplaintDomain", "EventStore"]),
        .testTarget(name: "ComplaintDomainTests", dependencies: ["ComplaintDomain", "JSONCodec"]),
        .testTarget(name: "NotificationsTests", dependencies: ["Notifications", "HTTP1", "Digest", "JSONCodec"]),
        .testTarget(
            name: "ComplaintServiceTests",
            dependencies: [
                "ComplaintService", "ComplaintDomain", "HTTP1", "TestSupport", "Digest",
                "Notifications",
            ]),
    ]
)

// libFuzzer harnesses (Tests/Fuzz/Harnesses/<name>/main.swift), built only by scripts/fuzz.sh:
// see the script for the flags.
// Each entry: the harness and the modules it exercises.
let fuzzHarnesses: [(name: String, dependencies: [Target.Dependency])] = [
    ("FuzzHTTPParser", ["HTTP1"]),
    ("FuzzHTTPConnection", ["HTTP1"]),
    ("FuzzRequestBodies", ["ComplaintService", "ComplaintDomain", "HTTP1", "FuzzSupport"]),
    ("FuzzQueryParsing", ["ComplaintService", "ComplaintDomain", "HTTP1", "FuzzSupport"]),
    ("FuzzDates", ["ComplaintService", "ComplaintDomain", "Telemetry", "Notifications"]),
    ("FuzzRedaction", ["ComplaintDomain"]),
    ("FuzzJSONReader", ["JSONCodec"]),
    ("FuzzLogRecords", ["EventStore", "ComplaintDomain", "JSONCodec"]),
    ("FuzzMultipart", ["Media"]),
    ("FuzzJPEGStripper", ["Media"]),
    ("FuzzMediaSniff", ["Media"]),
    ("FuzzChunkStripper", ["Media"]),
    ("FuzzHEIFBlanker", ["Media"]),
]
if Context.environment["COMPLAINTD_FUZZ"] != nil {
    // A book with a complaint at every step, shared by the harnesses that decide and query.
    package.targets.append(.target(name: "FuzzSupport", dependencies: ["ComplaintDomain"], path: "Tests/Fuzz/Support"))
    for harness in fuzzHarnesses {
        package.targets.append(
            .executableTarget(
                name: harness.name, dependencies: harness.dependencies,
                path: "Tests/Fuzz/Harnesses/\(harness.name)"))
    }
}
