import Foundation

// Request bodies. Every field is optional so the service can decode any JSON and let `decide`
// name each missing or bad field in one validation error.

/// The complainant part of a registration.
public struct ComplainantInput: Sendable, Codable, Hashable {
    /// Name.
    public var name: String?
    /// Contact phone.
    public var phone: String?
    /// Estate (project).
    public var estate: String?
    /// Building.
    public var building: String?
    /// Unit number.
    public var unit: String?

    /// Creates the input.
    public init(name: String? = nil, phone: String? = nil, estate: String? = nil, building: String? = nil, unit: String? = nil) {
        self.name = name
        self.phone = phone
        self.estate = estate
        self.building = building
        self.unit = unit
    }
}

/// What was done when a complaint was resolved on the spot at intake.
public struct OnSpotInput: Sendable, Codable, Hashable {
    /// Measures taken.
    public var measures: String?
    /// Outcome.
    public var result: String?

    /// Creates the input.
    public init(measures: String? = nil, result: String? = nil) {
        self.measures = measures
        self.result = result
    }
}

/// A registration (受理登记).
public struct RegistrationInput: Sendable, Codable, Hashable {
    /// How it reached the company (required).
    public var channel: Channel?
    /// Who complained (name, phone, estate, building, unit required).
    public var complainant: ComplainantInput?
    /// What happened (required, at most `maxContentLength` characters).
    public var content: String?
    /// What the owner asks for.
    public var demands: String?
    /// When the incident happened.
    public var incidentTime: Date?
    /// Where it happened.
    public var incidentPlace: String?
    /// Whom or what it is about.
    public var complaintObject: String?
    /// The category, if known at intake.
    public var category: Department?
    /// An incident key shared by complaints about the same incident.
    public var incidentKey: String?
    /// The owner's requested time, which shortens a minor complaint's clock.
    public var requestedBy: Date?
    /// Set when it was resolved on the spot (当场解决).
    public var resolvedOnSpot: OnSpotInput?

    /// Creates the input.
    public init(
        channel: Channel? = nil, complainant: ComplainantInput? = nil, content: String? = nil,
        demands: String? = nil, incidentTime: Date? = nil, incidentPlace: String? = nil,
        complaintObject: String? = nil, category: Department? = nil, incidentKey: String? = nil,
        requestedBy: Date? = nil, resolvedOnSpot: OnSpotInput? = nil
    ) {
        self.channel = channel
        self.complainant = complainant
        self.content = content
        self.demands = demands
        self.incidentTime = incidentTime
        self.incidentPlace = incidentPlace
        self.complaintObject = complaintObject
        self.category = category
        self.incidentKey = incidentKey
        self.requestedBy = requestedBy
        self.resolvedOnSpot = resolvedOnSpot
    }
}

/// An assessment (判断定性).
public struct AssessmentInput: Sendable, Codable, Hashable {
    /// Valid or not (required).
    public var valid: Bool?
    /// In the company's responsibility or not (default true).
    public var inScope: Bool?
    /// Severity (required when valid and in scope).
    public var severity: Severity?
    /// Nature.
    public var nature: Nature?
    /// Content type.
    public var contentType: ContentType?
    /// Emergency path.
    public var urgent: Bool?
    /// Category (owning department).
    public var category: Department?
    /// The explanation given to the owner (required when invalid or out of scope).
    public var explanation: String?

    /// Creates the input.
    public init(
        valid: Bool? = nil, inScope: Bool? = nil, severity: Severity? = nil, nature: Nature? = nil,
        contentType: ContentType? = nil, urgent: Bool? = nil, category: Department? = nil, explanation: String? = nil
    ) {
        self.valid = valid
        self.inScope = inScope
        self.severity = severity
        self.nature = nature
        self.contentType = contentType
        self.urgent = urgent
        self.category = category
        self.explanation = explanation
    }
}

/// A dispatch to a department (派单).
public struct DispatchInput: Sendable, Codable, Hashable {
    /// The department (required unless the complaint has a category).
    public var department: Department?
    /// The handler's id (required).
    public var handler: String?
    /// The handling opinion.
    public var note: String?

    /// Creates the input.
    public init(department: Department? = nil, handler: String? = nil, note: String? = nil) {
        self.department = department
        self.handler = handler
        self.note = note
    }
}

/// A free note: acknowledgement or approval remark.
public struct NoteInput: Sendable, Codable, Hashable {
    /// The remark.
    public var note: String?

    /// Creates the input.
    public init(note: String? = nil) { self.note = note }
}

/// A progress note.
public struct ProgressInput: Sendable, Codable, Hashable {
    /// The note (required).
    public var text: String?
    /// Whether the owner may see it (default false).
    public var `public`: Bool?
    /// Files of the complaint the note shows (their SHA-256 names, uploaded before).
    public var attachments: [String]?

    /// Creates the input.
    public init(text: String? = nil, public isPublic: Bool? = nil, attachments: [String]? = nil) {
        self.text = text
        self.public = isPublic
        self.attachments = attachments
    }
}

/// The department's result.
public struct ResolutionInput: Sendable, Codable, Hashable {
    /// Measures taken (required).
    public var measures: String?
    /// Outcome (required).
    public var result: String?
    /// What remains.
    public var remaining: String?
    /// Files of the complaint showing the result, such as the after-repair photo (SHA-256 names).
    public var attachments: [String]?

    /// Creates the input.
    public init(measures: String? = nil, result: String? = nil, remaining: String? = nil, attachments: [String]? = nil) {
        self.measures = measures
        self.result = result
        self.remaining = remaining
        self.attachments = attachments
    }
}

/// The reply to the owner.
public struct ReplyInput: Sendable, Codable, Hashable {
    /// What the owner was told (required).
    public var content: String?

    /// Creates the input.
    public init(content: String? = nil) { self.content = content }
}

/// A return visit.
public struct VisitInput: Sendable, Codable, Hashable {
    /// Reached or not (default reachable).
    public var outcome: VisitOutcome?
    /// "Is it solved?" (required when reachable).
    public var solved: Bool?
    /// "Are you satisfied?" (required when reachable).
    public var satisfied: Bool?
    /// How (required).
    public var method: VisitMethod?
    /// The number called.
    public var numberCalled: String?
    /// New demands of an unsatisfied owner.
    public var newDemands: String?
    /// A remark.
    public var note: String?

    /// Creates the input.
    public init(
        outcome: VisitOutcome? = nil, solved: Bool? = nil, satisfied: Bool? = nil, method: VisitMethod? = nil,
        numberCalled: String? = nil, newDemands: String? = nil, note: String? = nil
    ) {
        self.outcome = outcome
        self.solved = solved
        self.satisfied = satisfied
        self.method = method
        self.numberCalled = numberCalled
        self.newDemands = newDemands
        self.note = note
    }
}

/// A closing summary (required for important and major complaints).
public struct CloseInput: Sendable, Codable, Hashable {
    /// Cause.
    public var cause: String?
    /// Lessons.
    public var lessons: String?
    /// Preventive action.
    public var preventiveAction: String?

    /// Creates the input.
    public init(cause: String? = nil, lessons: String? = nil, preventiveAction: String? = nil) {
        self.cause = cause
        self.lessons = lessons
        self.preventiveAction = preventiveAction
    }
}

/// A deadline extension (超时审批).
public struct ExtensionInput: Sendable, Codable, Hashable {
    /// The clock to move (required).
    public var clock: ClockKind?
    /// The new due time, later than the current one (required).
    public var dueAt: Date?
    /// Why (required).
    public var reason: String?

    /// Creates the input.
    public init(clock: ClockKind? = nil, dueAt: Date? = nil, reason: String? = nil) {
        self.clock = clock
        self.dueAt = dueAt
        self.reason = reason
    }
}

/// A link to an incident.
public struct LinkInput: Sendable, Codable, Hashable {
    /// The incident id (required).
    public var incidentID: String?

    /// Creates the input.
    public init(incidentID: String? = nil) { self.incidentID = incidentID }

    // The wire name is `incidentId`, as in every answer; `incidentID`, which earlier versions
    // documented for this body, is still read.
    private enum CodingKeys: String, CodingKey { case incidentId, incidentID }

    /// Reads `incidentId` (or the older `incidentID`).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        incidentID = try c.decodeIfPresent(String.self, forKey: .incidentId) ?? c.decodeIfPresent(String.self, forKey: .incidentID)
    }

    /// Writes `incidentId`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(incidentID, forKey: .incidentId)
    }
}
