import ComplaintDomain
import Telemetry

extension MetricsRenderer {
    /// Complaint families from the ledger's running totals: constant work per scrape, whatever
    /// the number of complaints. Label values are the domain's closed vocabularies ("none" when unset).
    static func renderComplaints(_ totals: ReportTotals, into text: inout PrometheusText) {
        // A counter carries only what is fixed when it counts: the channel, known at receipt.
        // Category and severity change after receipt, so they are a gauge of what is held now.
        text.declare("complaints_received_total", type: "counter", help: "Complaints received since the log began, by channel.")
        for channel in Channel.allCases {
            text.sample("complaints_received_total", [("channel", channel.rawValue)], Double(totals.received(channel: channel)))
        }
        text.declare(
            "complaints", type: "gauge",
            help:
                "Complaints held, by their current category and severity (\"none\" until set); a complaint moves between series when assessed or upgraded."
        )
        for category in [nil] + Department.allCases.map(Optional.some) {
            for severity in [nil] + Severity.allCases.map(Optional.some) {
                // Every pair, zeros included: a series that vanished would read as "no data", not 0.
                text.sample(
                    "complaints", [("category", category?.rawValue ?? "none"), ("severity", severity?.rawValue ?? "none")],
                    Double(totals.count(category: category, severity: severity)))
            }
        }
        text.declare("complaints_open", type: "gauge", help: "Complaints still needing work, by status and severity.")
        for status in ComplaintStatus.allCases where status.isOpen {
            for severity in [nil] + Severity.allCases.map(Optional.some) {
                text.sample(
                    "complaints_open", [("status", status.rawValue), ("severity", severity?.rawValue ?? "none")],
                    Double(totals.count(status: status, severity: severity)))
            }
        }
        text.declare("complaints_overdue", type: "gauge", help: "Open complaints whose clock was missed and escalated and is still unmet, by clock.")
        for clock in ClockKind.allCases { text.sample("complaints_overdue", [("clock", clock.rawValue)], Double(totals.overdue(clock))) }
        text.declare("escalations_total", type: "counter", help: "Missed deadlines escalated, by clock.")
        for clock in ClockKind.allCases { text.sample("escalations_total", [("clock", clock.rawValue)], Double(totals.escalations(clock))) }
        text.declare("upgrades_total", type: "counter", help: "Complaints raised in severity outside the assessment, by reason.")
        for reason in UpgradeReason.allCases { text.sample("upgrades_total", [("reason", reason.rawValue)], Double(totals.upgrades(reason))) }
        text.declare("return_visits_due", type: "gauge", help: "Open complaints owing a return visit (the 24-hour clock armed and unmet).")
        text.sample("return_visits_due", [], Double(totals.returnVisitsDue))
        text.declare("return_visits_overdue", type: "gauge", help: "Return visits owed whose 24-hour clock was missed and escalated.")
        text.sample("return_visits_overdue", [], Double(totals.returnVisitsOverdue))
    }
}
