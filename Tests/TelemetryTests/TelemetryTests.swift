import Testing

@testable import Telemetry

/// What scrapers and log readers depend on: the Prometheus text format and JSON escaping.
struct TelemetryTests {
    @Test func histogramsRenderCumulativeBucketsSumAndCount() {
        var histogram = HistogramData(upperBounds: [0.1, 1])
        for value in [0.05, 0.5, 0.7, 3] { histogram.observe(value) }
        var text = PrometheusText()
        text.declare("t_seconds", type: "histogram", help: "A test.")
        text.histogram("t_seconds", [("route", "/v1/complaints/{id}")], histogram)
        let lines = text.text.split(separator: "\n").map(String.init)
        #expect(lines.first == "# HELP t_seconds A test.")
        #expect(lines.contains(#"t_seconds_bucket{route="/v1/complaints/{id}",le="0.1"} 1"#))
        #expect(lines.contains(#"t_seconds_bucket{route="/v1/complaints/{id}",le="1"} 3"#))
        #expect(lines.contains(#"t_seconds_bucket{route="/v1/complaints/{id}",le="+Inf"} 4"#))
        #expect(lines.contains(#"t_seconds_count{route="/v1/complaints/{id}"} 4"#))
        #expect(lines.contains(#"t_seconds_sum{route="/v1/complaints/{id}"} 4.25"#))
    }

    @Test func labelValuesAreEscapedAndFamiliesDeclaredOnce() {
        var text = PrometheusText()
        text.declare("c_total", type: "counter", help: "Back\\slash\nnewline.")
        text.declare("c_total", type: "counter", help: "again")
        text.sample("c_total", [("v", "a\"b\\c\nd")], 2)
        #expect(text.text == "# HELP c_total Back\\\\slash\\nnewline.\n# TYPE c_total counter\nc_total{v=\"a\\\"b\\\\c\\nd\"} 2\n")
    }

    @Test func jsonStringsAndNumbersAreValidJSON() {
        var out: [UInt8] = []
        JSONText.appendString("业主 \"quoted\" \\ \n\t\u{01}", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #""业主 \"quoted\" \\ \n\t\u0001""#)
        out = []
        JSONText.appendInteger(-1234567890123, to: &out)
        out.append(UInt8(ascii: " "))
        JSONText.appendInteger(UInt64.max, to: &out)
        out.append(UInt8(ascii: " "))
        JSONText.appendDecimal(2.5, fractionDigits: 3, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "-1234567890123 18446744073709551615 2.5")
    }

    @Test func timestampsAreRFC3339UTCWithMilliseconds() {
        var out: [UInt8] = []
        Timestamp.appendISO8601(millisecondsSinceEpoch: 1_795_363_003_796, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #""2026-11-22T15:56:43.796Z""#)
    }
}
