import Foundation

/// Who the drafts come from: the clinic (where it happened), the business operator
/// that reports to the PPC and signs letters, its representative, and the person
/// to contact. A pure function of the profile the incident was declared under;
/// what the profile lacks stays nil, so the draft shows 【未記入】 (never the clinic
/// standing in for the operator, nor the 院長 for the representative: DOMAIN §7).
public struct FacilityBlock: Sendable, Equatable {
    public var facilityName: String?
    public var facilityAddress: String?
    public var facilityPhone: String?
    public var manager: String?
    /// The business operator (個人情報取扱事業者): a 医療法人, or the doctor running a private clinic.
    public var operatorName: String?
    public var representative: String?
    public var contactName: String?
    public var contactPhone: String?
    public var contactEmail: String?

    /// The block of `profile`: the contact person is the security officer, else the director.
    public init(profile: FacilityProfile?) {
        let f = profile?.facility
        facilityName = f?.name
        facilityAddress = f?.address
        facilityPhone = f?.phone
        manager = f?.manager
        operatorName = f?.operatorName
        representative = f?.representative
        let person = profile.flatMap { $0.contacts(for: "security-officer").first ?? $0.contacts(for: "director").first }
        contactName = person.map { c in [c.title, c.name ?? c.organization].compactMap { $0 }.joined(separator: " ") }
        contactPhone = person.flatMap { $0.phone ?? $0.mobile }
        contactEmail = person?.email ?? f?.email
    }

    /// The letterhead names the operator above the clinic only when it is another name
    /// (or is not known yet, so that its 【未記入】 shows).
    public var operatorDiffers: Bool { operatorName.map { $0 != facilityName } ?? true }

    /// The known values by report-field key (absent ones left out).
    public var known: [String: String] {
        let pairs: [(String, String?)] = [
            ("facilityName", facilityName), ("facilityAddress", facilityAddress), ("facilityPhone", facilityPhone), ("manager", manager),
            ("operator", operatorName), ("representative", representative), ("contactName", contactName), ("contactPhone", contactPhone),
            ("contactEmail", contactEmail),
        ]
        var out: [String: String] = [:]
        for (k, v) in pairs { if let v, !v.isEmpty { out[k] = v } }
        return out
    }
}
