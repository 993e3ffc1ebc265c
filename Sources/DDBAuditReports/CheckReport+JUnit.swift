import Foundation
import DDBAuditModel

extension CheckReport {
  /// JUnit XML: one suite per table, one test case per table × rule. A case fails when the
  /// rule has findings at or above `failOn`; findings below it are listed in `system-out`.
  package func junit(failOn: Severity) -> String {
    let names = subjects.map(\.name)
    var byCase: [String: [String: [Finding]]] = [:]
    for f in findings { byCase[f.table, default: [:]][f.code.rawValue, default: []].append(f) }
    let extra = Set(findings.map(\.code)).subtracting(rules).sorted()
    let codes = rules + extra
    let timestamp = String(Timestamp.iso8601(milliseconds: asOf).prefix(19))
    var suites: [String] = []
    var totalFailures = 0
    for name in names + Set(findings.map(\.table)).subtracting(names).sorted() {
      var cases: [String] = []
      var failures = 0
      for code in codes {
        let found = byCase[name]?[code.rawValue] ?? []
        let failing = found.filter { $0.severity >= failOn }
        var body = ""
        if !failing.isEmpty {
          failures += 1
          let worst = failing.map(\.severity).max()!
          body += "\n      <failure type=\"\(code.rawValue)\" message=\"\(XML.escape("\(failing.count) \(failing.count == 1 ? "finding" : "findings") (\(worst.rawValue)): \(code.summary)"))\">"
          body += XML.escape(failing.map(\.line).joined(separator: "\n")) + "</failure>"
        }
        let passing = found.filter { $0.severity < failOn }
        if !passing.isEmpty {
          body += "\n      <system-out>" + XML.escape(passing.map(\.line).joined(separator: "\n")) + "</system-out>"
        }
        let open = "    <testcase classname=\"ddbaudit.\(command).\(XML.escape(name))\" name=\"\(code.rawValue)\" time=\"0\">"
        cases.append(body.isEmpty ? String(open.dropLast()) + "/>" : open + body + "\n    </testcase>")
      }
      totalFailures += failures
      suites.append(
        "  <testsuite name=\"ddbaudit.\(command).\(XML.escape(name))\" tests=\"\(codes.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\" time=\"0\" timestamp=\"\(timestamp)\">\n"
          + "    <properties>\n      <property name=\"asOf\" value=\"\(Timestamp.iso8601(milliseconds: asOf))\"/>\n      <property name=\"failOn\" value=\"\(failOn.rawValue)\"/>\n    </properties>\n"
          + cases.joined(separator: "\n") + "\n  </testsuite>")
    }
    let tests = suites.count * codes.count
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      + "<testsuites name=\"ddbaudit \(command)\" tests=\"\(tests)\" failures=\"\(totalFailures)\" errors=\"0\" skipped=\"0\" time=\"0\">\n"
      + suites.joined(separator: "\n") + (suites.isEmpty ? "" : "\n") + "</testsuites>\n"
  }
}

/// XML text escaping for JUnit.
enum XML {
  static func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for scalar in s.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
      default:
        // XML 1.0 has no other control characters, nor U+FFFE/U+FFFF.
        if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }
}
