// Candidate attributions: a linked URL whose domain is a registered outlet. Nothing is
// attributed automatically; the import only counts the candidates for a reviewer to judge.
import Events
import Ledger

/// Finds the registered outlet, if any, that a URL's domain belongs to.
///
/// A URL matches the outlet `outlet:<domain>` when its host, lowercased and without `www.`, is
/// that domain or a subdomain of it (`english.news.cn` matches `news.cn`). Answers are cached per
/// host. Cost: one indexed stream lookup per distinct host and parent domain.
struct OutletMatcher {
    private var outletsByHost: [String: String?] = [:]
    private var registered: [String: Bool] = [:]

    /// The registered outlet domain `url` links to, or nil.
    mutating func outlet(linkedBy url: String, in session: any AppendSession) throws -> String? {
        guard let host = WebURL.domain(of: url) else { return nil }
        if let known = outletsByHost[host] { return known }
        var found: String?
        var labels = host.split(separator: ".", omittingEmptySubsequences: false)
        while labels.count >= 2 {
            let candidate = labels.joined(separator: ".")
            if try isRegistered(candidate, in: session) {
                found = candidate
                break
            }
            labels.removeFirst()
        }
        outletsByHost[host] = found
        return found
    }

    private mutating func isRegistered(_ domain: String, in session: any AppendSession) throws -> Bool {
        if let known = registered[domain] { return known }
        let exists = try Identifier.isDomain(domain) && session.streamVersion(.outlet(domain)) > 0
        registered[domain] = exists
        return exists
    }
}
