/// Every sentence the domain can refuse with, as a stable key and the values it names. The
/// domain holds no wording: the service's catalogue words each key in Chinese and English (and a
/// test checks that it has both for every case), so the reader gets their own language.
public enum DomainMessage: String, Sendable, Codable, CaseIterable {
    // A field breaks a rule (422, `errors[]`).
    /// A required field is missing or empty.
    case required = "field.required"
    /// Longer than `{limit}` characters.
    case tooLong = "field.tooLong"
    /// Only invisible characters: spaces, zero-width or bidirectional controls.
    case invisible = "field.invisible"
    /// Not a mainland mobile or a landline with its area code.
    case notAPhone = "field.phone"
    /// Starts like a mobile but is not 1[3-9] and 11 digits (`{digits}` digits given).
    case notAMobile = "field.mobile"
    /// 11 digits starting 1 whose second digit is not 3–9 (`{prefix}` is what was given): no
    /// mainland mobile starts 10, 11 or 12.
    case mobilePrefix = "field.mobilePrefix"
    /// A landline without its area code.
    case landlineWithoutAreaCode = "field.landlineAreaCode"
    /// A date outside 1970-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z.
    case instantOutOfRange = "field.instantRange"
    /// An estate outside the caller's estates.
    case estateNotServed = "field.estateNotServed"
    /// A time that must lie in the future.
    case mustBeFuture = "field.future"
    /// A new deadline that is not later than the current one.
    case deadlineNotLater = "field.deadlineNotLater"
    /// `{handler}` is not a configured user.
    case handlerUnknown = "field.handlerUnknown"
    /// `{handler}` is a `{role}`, not a handler or department head.
    case handlerWrongRole = "field.handlerRole"
    /// `{handler}` belongs to `{actual}`, not `{department}`.
    case handlerWrongDepartment = "field.handlerDepartment"
    /// `{handler}` does not serve the estate `{estate}`.
    case handlerWrongEstate = "field.handlerEstate"
    /// A page size outside `{min}`…`{max}`.
    case limitOutOfRange = "field.limitRange"
    /// A cursor this listing did not hand out.
    case notACursor = "field.cursor"
    /// `overdue` asked without the time to judge it by.
    case nowRequired = "field.nowRequired"
    /// A duration that must be more than zero.
    case notPositiveDuration = "field.positiveDuration"
    /// A JSON value of the wrong type for the field.
    case wrongType = "field.wrongType"
    /// A value outside the field's allowed values.
    case invalidValue = "field.invalidValue"
    /// Not an RFC 3339 date-time.
    case notADateTime = "field.dateTime"
    /// The body is not JSON at all (named as the field `body`).
    case invalidJSON = "field.invalidJSON"
    /// A list with fewer than `{min}` or more than `{max}` items.
    case countOutOfRange = "field.countRange"
    /// A text search that would read more than `{limit}` closed complaints, asked in another
    /// order than newest first (only that order can stop early).
    case searchNewestFirstOnly = "field.searchNewestFirstOnly"
    /// More than `{limit}` complaints match a list asked in another order than newest first.
    case tooManyToSort = "field.tooManyToSort"

    // The record (issue 10): files, signatures, the opinion.
    /// The result of a `{category}` complaint needs an after-repair photo uploaded to complaint `{id}`.
    case afterRepairPhotoRequired = "field.afterRepairPhoto"
    /// Staff record a paper confirmation with `signedForm`; the signature is the owner's own.
    case signatureFromOwner = "field.signatureFromOwner"
    /// The photo of the signed form is not a file of the complaint.
    case signedFormUnknown = "field.signedFormUnknown"
    /// Only staff record a signed paper form; the owner signs with a name or a drawing.
    case signedFormByStaff = "field.signedFormByStaff"
    /// The owner's signature is missing.
    case signatureRequired = "field.signatureRequired"
    /// The drawn signature is not a picture of the complaint.
    case signatureNotPicture = "field.signatureNotPicture"
    /// A signature gives both or neither of a name and a drawing.
    case signatureOneOf = "field.signatureOneOf"
    /// An upload carried no file.
    case fileRequired = "field.fileRequired"
    /// Not a SHA-256 file name.
    case notADigest = "field.notADigest"
    /// The complaint would hold `{total}` files, more than `{max}`.
    case tooManyFiles = "field.tooManyFiles"
    /// The owner's files would number `{total}`, more than `{max}`.
    case tooManyOwnerFiles = "field.tooManyOwnerFiles"
    /// A file named that is not the complaint's.
    case fileUnknown = "field.fileUnknown"
    /// The complaint already holds `{count}` files, the most allowed.
    case complaintFilesFull = "field.complaintFilesFull"
    /// The owner already added `{count}` files, the most allowed.
    case ownerFilesFull = "field.ownerFilesFull"
    /// More than `{max}` files in one request.
    case filesPerRequest = "field.filesPerRequest"
    /// `{name}` is not a JPEG, PNG, WebP, HEIC or PDF file.
    case notAcceptedFile = "field.notAcceptedFile"
    /// `{name}` is not a well-formed `{kind}` file: `{reason}`.
    case malformedPicture = "field.malformedPicture"

    // A refusal of the whole command.
    /// No complaint `{id}` (or one the caller may not see).
    case noComplaint = "refusal.noComplaint"
    /// No complaint has the tracking code given (the code is not repeated back).
    case noTrackedComplaint = "refusal.noTrackedComplaint"
    /// Complaint `{id}` is not in memory; the service retries.
    case notLoaded = "refusal.notLoaded"
    /// Role `{role}` may not `{action}`.
    case roleMayNot = "refusal.roleMayNot"
    /// Role `{role}` may not register complaints.
    case roleMayNotRegister = "refusal.roleMayNotRegister"
    /// An intake client may not register a complaint as resolved on the spot.
    case intakeResolvedOnSpot = "refusal.intakeResolvedOnSpot"
    /// Only the scheduler fires deadlines.
    case onlyScheduler = "refusal.onlyScheduler"
    /// Role `{role}` may not read owners' contacts.
    case mayNotReadContacts = "refusal.mayNotReadContacts"
    /// Whoever handled the complaint may not make its return visit.
    case visitByHandler = "refusal.visitByHandler"
    /// The complaint belongs to another department or handler.
    case otherDepartment = "refusal.otherDepartment"
    /// The tracking code is taken.
    case trackingCodeTaken = "refusal.trackingCodeTaken"
    /// Sequence `{sequence}` is below the next sequence `{next}`.
    case sequenceBelow = "refusal.sequenceBelow"
    /// Clock `{clock}` is not running.
    case clockNotRunning = "refusal.clockNotRunning"
    /// Already linked to incident `{incident}`.
    case alreadyLinked = "refusal.alreadyLinked"
    /// The complaint is already major.
    case alreadyMajor = "refusal.alreadyMajor"
    /// No seven-day upgrade is due.
    case noUpgradeDue = "refusal.noUpgradeDue"
    /// Incident `{incident}` does not make this complaint major.
    case incidentNotMajor = "refusal.incidentNotMajor"
    /// Clock `{clock}` is not due.
    case clockNotDue = "refusal.clockNotDue"
    /// Only the owner may chase a complaint.
    case onlyOwnerChases = "refusal.onlyOwnerChases"
    /// Chased already; try again in `{seconds}` s.
    case chasedTooSoon = "refusal.chasedTooSoon"
    /// Cannot `{action}` a complaint that is `{status}`.
    case wrongStatus = "refusal.wrongStatus"
    /// Fields `{fields}` break a rule.
    case invalidFields = "refusal.invalidFields"
    /// A `{severity}` complaint is dispatched only after the supervisor signs the opinion on complaint `{id}`.
    case opinionFirst = "refusal.opinionFirst"
    /// The result of a `{severity}` complaint is approved by `{roles}`.
    case approvedBy = "refusal.approvedBy"
    /// Only the owner acts through the tracking code.
    case onlyOwner = "refusal.onlyOwner"
}

/// A key and its values, as refusals and field errors carry them.
extension DomainMessage {
    /// A readable form for logs and test failures (the API words it through the catalogue).
    public func describe(_ values: [String: String]) -> String {
        values.isEmpty ? rawValue : rawValue + "(" + values.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")"
    }
}
