// A deterministic workload in the interchange format (DESIGN §4): the shapes of the 2020
// diplomatic-account reporting, for benchmarks, tests and the demo. Same seed, same bytes.
import Events

/// A small, fast, seedable random generator (SplitMix64), so a workload is reproducible
/// on every machine.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// Writes interchange JSONL lines: about 88% posts with Unicode text, the rest accounts,
/// outlets, claims, appearances, attributions and verdicts, with references that resolve.
///
/// Guarantees: deterministic for a seed; every line validates; judgments reference events
/// written earlier; payloads are roughly 300 to 600 bytes. Cost: O(1) per line.
public struct WorkloadGenerator: Sequence, IteratorProtocol {
    /// How many lines to write.
    public let eventCount: Int
    /// Whether to include judgments (which need `import --as`).
    public let includeJudgments: Bool
    /// Prefix for ids, so several distinct workloads can go into one ledger.
    public let prefix: String

    private var random: SeededGenerator
    private var written = 0
    private var pendingSetup: [[UInt8]] = []
    private var postCount = 0
    private var claimCount = 0
    private var verdictCount = 0
    private var recentPosts: [String] = []
    private var openClaims: [String] = []
    private var time: Int64

    static let accountCount = 135
    static let outlets: [(domain: String, name: String, country: String, affiliation: String)] = [
        ("rt.com", "RT", "RU", "state_controlled"), ("telesurtv.net", "teleSUR", "VE", "state_funded"),
        ("cgtn.com", "CGTN", "CN", "state_controlled"), ("presstv.ir", "Press TV", "IR", "state_controlled"),
        ("globaltimes.cn", "Global Times", "CN", "state_controlled"), ("xinhuanet.com", "Xinhua", "CN", "state_controlled"),
        ("sputniknews.com", "Sputnik", "RU", "state_controlled"), ("chinadaily.com.cn", "China Daily", "CN", "state_controlled"),
        ("reuters.com", "Reuters", "GB", "independent"), ("apnews.com", "AP News", "US", "independent"),
    ]
    static let countries = ["CN", "RU", "IR", "VE", "CU", "NI", "BY", "SY", "KP", "LA", "KH", "MM", "ER", "ZW", "BO"]
    static let phrases = [
        "Spokesperson remarks on the epidemic situation", "外交部发言人答记者问", "The origin of the virus must be studied scientifically",
        "美国应该公开透明", "Solidarity and cooperation are the most powerful weapons", "Medical supplies arrived today 🇨🇳🤝",
        "Please read this report carefully", "病毒溯源是科学问题", "Some politicians keep spreading lies", "Thank you for the support! 🙏",
        "Experts say the data do not support this", "Весь мир видит правду", "La verdad sobre la pandemia", "حقائق عن الوباء",
    ]
    static let hashtags = ["COVID19", "coronavirus", "China", "StopTheSpread", "WuhanVirus", "Solidarity", "疫情", "Truth"]

    public init(eventCount: Int, seed: UInt64 = 1, includeJudgments: Bool = true, prefix: String = "") {
        self.eventCount = eventCount
        self.includeJudgments = includeJudgments
        self.prefix = prefix
        random = SeededGenerator(seed: seed)
        time = 1_575_158_400_000  // 2019-12-01T00:00:00Z
        for index in 0..<Swift.min(WorkloadGenerator.accountCount, eventCount) { pendingSetup.append(account(index)) }
        for outlet in WorkloadGenerator.outlets { pendingSetup.append(self.outlet(outlet)) }
    }

    public mutating func next() -> [UInt8]? {
        guard written < eventCount else { return nil }
        written += 1
        if !pendingSetup.isEmpty { return pendingSetup.removeFirst() }
        time += Int64.random(in: 20_000...700_000, using: &random)
        let roll = Int.random(in: 0..<100, using: &random)
        if includeJudgments && postCount > 20 {
            if roll < 4 { return flag() }
            if roll < 6, !openClaims.isEmpty { return appearance() }
            if roll < 8, !openClaims.isEmpty { return attribution() }
            if roll < 11, !openClaims.isEmpty { return verdict() }
        }
        return post()
    }

    private func handle(_ index: Int) -> String { "\(prefix)demo_mission_\(index)" }

    private func line(_ type: String, occurredAt: Int64? = nil, data: JSONObjectBuilder) -> [UInt8] {
        var object = JSONObjectBuilder()
        object.add("type", type)
        if let occurredAt { object.add("occurred_at", Timestamp(millisecondsSinceEpoch: occurredAt)) }
        object.add("data", data.value)
        return JSONWriter.bytes(object.value)
    }

    private mutating func account(_ index: Int) -> [UInt8] {
        var data = JSONObjectBuilder()
        let country = WorkloadGenerator.countries[index % WorkloadGenerator.countries.count]
        data.add("account", "twitter:\(handle(index))")
        data.add("display_name", "Demo Mission \(index) (\(country)) — fictional")
        data.add("kind", index % 3 == 0 ? "embassy" : (index % 7 == 0 ? "ministry" : "diplomat"))
        data.add("country", country)
        data.add("person", index % 3 == 0 ? nil : "Demo Diplomat \(index)")
        data.add("title", index % 3 == 0 ? nil : "Ambassador (demo data)")
        data.add("profile_url", "https://twitter.com/\(handle(index))")
        return line("AccountRegistered", occurredAt: time, data: data)
    }

    private mutating func outlet(_ outlet: (domain: String, name: String, country: String, affiliation: String)) -> [UInt8] {
        var data = JSONObjectBuilder()
        data.add("domain", outlet.domain)
        data.add("name", outlet.name)
        data.add("affiliation", outlet.affiliation)
        data.add("country", outlet.country)
        data.add("basis", "Public funding and editorial control records (demo basis)")
        return line("OutletRegistered", occurredAt: time, data: data)
    }

    private mutating func post() -> [UInt8] {
        postCount += 1
        let id = "\(prefix)\(1_200_000_000_000 + postCount)"
        let account = Int.random(in: 0..<WorkloadGenerator.accountCount, using: &random)
        let kindRoll = Int.random(in: 0..<100, using: &random)
        let kind = kindRoll < 50 ? "original" : kindRoll < 85 ? "repost" : kindRoll < 95 ? "quote" : "reply"
        var text = ""
        for _ in 0..<Int.random(in: 2...4, using: &random) {
            text += (WorkloadGenerator.phrases.randomElement(using: &random) ?? "") + ". "
        }
        let tags = (0..<Int.random(in: 0...2, using: &random)).compactMap { _ in WorkloadGenerator.hashtags.randomElement(using: &random) }
        for tag in tags { text += "#\(tag) " }
        let outlet = WorkloadGenerator.outlets.randomElement(using: &random)?.domain ?? "rt.com"
        var data = JSONObjectBuilder()
        data.add("post", "twitter:\(id)")
        data.add("account", "twitter:\(handle(account))")
        data.add("url", "https://twitter.com/\(handle(account))/status/\(id)")
        data.add("posted_at", Timestamp(millisecondsSinceEpoch: time))
        data.add("kind", kind)
        data.add("text", String(text.dropLast()))
        if kind != "original", let earlier = recentPosts.randomElement(using: &random) { data.add("amplifies", earlier) }
        data.add("language", text.unicodeScalars.contains { $0.value > 0x2E80 } ? "zh" : "en")
        if Int.random(in: 0..<3, using: &random) == 0 { data.add("linked_urls", ["https://www.\(outlet)/news/\(postCount)"]) }
        var seenTags: [String] = []
        for tag in tags where !seenTags.contains(tag) { seenTags.append(tag) }
        data.add("hashtags", seenTags)
        var engagement = JSONObjectBuilder()
        engagement.add("likes", Int.random(in: 0...5000, using: &random))
        engagement.add("reposts", Int.random(in: 0...1500, using: &random))
        engagement.add("replies", Int.random(in: 0...400, using: &random))
        engagement.add("quotes", Int.random(in: 0...200, using: &random))
        data.add("engagement", engagement.value)
        recentPosts.append("twitter:\(id)")
        if recentPosts.count > 50 { recentPosts.removeFirst() }
        return line("PostObserved", data: data)
    }

    private mutating func flag() -> [UInt8] {
        claimCount += 1
        let claim = "\(prefix)c-\(claimCount)"
        openClaims.append(claim)
        var data = JSONObjectBuilder()
        data.add("claim", claim)
        data.add("summary", "The virus was brought to Wuhan by a foreign army team (\(claimCount))")
        data.add("post", recentPosts.last)
        data.add("text", "Full text of the claim as posted, with context, quoted for the record.")
        data.add("language", "en")
        data.add("topics", ["covid-19", "origin"])
        return line("ClaimFlagged", occurredAt: time, data: data)
    }

    private mutating func appearance() -> [UInt8] {
        var data = JSONObjectBuilder()
        data.add("claim", openClaims.randomElement(using: &random))
        data.add("post", recentPosts.randomElement(using: &random))
        data.add("relation", ["asserts", "repeats", "amplifies", "quotes_critically"].randomElement(using: &random))
        return line("AppearanceRecorded", occurredAt: time, data: data)
    }

    private mutating func attribution() -> [UInt8] {
        var data = JSONObjectBuilder()
        data.add("outlet", WorkloadGenerator.outlets.randomElement(using: &random)?.domain)
        data.add("claim", openClaims.randomElement(using: &random))
        data.add("via", ["link", "repost", "quote", "citation"].randomElement(using: &random))
        data.add("confidence", ["confirmed", "probable", "possible"].randomElement(using: &random))
        data.add("evidence_url", "https://archive.example.org/evidence/\(claimCount)")
        return line("SourceAttributed", occurredAt: time, data: data)
    }

    private mutating func verdict() -> [UInt8] {
        verdictCount += 1
        var data = JSONObjectBuilder()
        data.add("verdict", "\(prefix)v-\(verdictCount)")
        data.add("claim", openClaims.removeFirst())
        data.add("label", ["false", "mostly-false", "misleading", "mixture", "unproven"].randomElement(using: &random))
        data.add("rationale", "Genomic and epidemiological evidence contradicts the claim; see the cited sources.")
        data.add("evidence", ["https://www.who.int/reports/\(verdictCount)"])
        return line("VerdictRecorded", occurredAt: time, data: data)
    }
}
