import Foundation

/// The report definitions compiled into the binary: the files of the repository's `Reports/`
/// folder, embedded by `scripts/embed-reports.sh`, so that an installed binary lists and runs
/// them from any folder.
package enum BuiltinReports {}
