// Values that a few posts have, looked up for every post: the views ask, for each of a million
// posts, whether it carries a claim or has an attributed outlet. A dictionary answered with a
// hash per question; this table answers with one array read.

/// Values for some posts, by post number, found without hashing.
///
/// Guarantees: `table[post]` is the value given for `post`, or nil; iteration is in post order.
/// Cost: 4 bytes a post plus the values; O(1) lookups.
struct PostTable<Value: Sendable>: Sequence, Sendable {
    /// Per post number, where its value is in `entries`, or -1.
    private var slots: [Int32]
    private var entries: [(post: Int32, value: Value)]

    /// The values of `dictionary`, for post numbers below `postCount`.
    init(postCount: Int, _ dictionary: [Int32: Value]) {
        slots = Array(repeating: -1, count: postCount)
        entries = dictionary.sorted { $0.key < $1.key }.map { (post: $0.key, value: $0.value) }
        for (index, entry) in entries.enumerated() { slots[Int(entry.post)] = Int32(index) }
    }

    /// The value for `post`, or nil.
    subscript(post: Int32) -> Value? {
        guard post >= 0, Int(post) < slots.count else { return nil }
        let index = slots[Int(post)]
        return index < 0 ? nil : entries[Int(index)].value
    }

    func makeIterator() -> IndexingIterator<[(post: Int32, value: Value)]> {
        entries.makeIterator()
    }
}
