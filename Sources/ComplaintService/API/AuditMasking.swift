import ComplaintDomain
import Foundation

/// The audit trail (`/events`) as staff may read it: phone numbers masked whatever the reader's
/// role, and without the owner's tracking code, which only the registration answer carries.
enum AuditMasking {
    /// Keys whose values never leave the log through `/events`.
    static let withheldKeys: Set<String> = ["trackingCode"]

    static func maskContacts(in payload: [UInt8]) -> [UInt8] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload)) else { return payload }
        let masked = mask(object)
        guard let data = try? JSONSerialization.data(withJSONObject: masked, options: [.sortedKeys, .withoutEscapingSlashes]) else { return payload }
        return Array(data)
    }

    private static func mask(_ value: Any) -> Any {
        if let dict = value as? [String: Any] {
            var out: [String: Any] = [:]
            for (key, inner) in dict where !withheldKeys.contains(key) {
                if (key == "phone" || key == "numberCalled"), let text = inner as? String { out[key] = maskPhone(text) } else { out[key] = mask(inner) }
            }
            return out
        }
        if let list = value as? [Any] { return list.map(mask) }
        return value
    }
}
