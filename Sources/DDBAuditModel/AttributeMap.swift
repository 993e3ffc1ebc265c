/// The attributes of an item or an `M` value, in the order they were read.
///
/// Lookups compare names by their bytes (code units), never by `String` equality.
package struct AttributeMap: Sendable, Equatable {
  package var entries: [(name: [UInt8], value: AttributeValue)]

  package init(_ entries: [(name: [UInt8], value: AttributeValue)] = []) { self.entries = entries }

  package subscript(name: String) -> AttributeValue? {
    var name = name
    return name.withUTF8 { key in
      entries.first(where: { $0.name.elementsEqual(key) })?.value
    }
  }

  package var count: Int { entries.count }

  package static func == (lhs: AttributeMap, rhs: AttributeMap) -> Bool {
    lhs.entries.count == rhs.entries.count
      && zip(lhs.entries, rhs.entries).allSatisfy { $0.name == $1.name && $0.value == $1.value }
  }
}
