// ddbaudit with fault injection, for the crash-recovery and atomicity tests only; never
// installed. $DDBAUDIT_FAULT_KILL_AFTER_ITEMS=N kills an import (SIGKILL) after N items;
// $DDBAUDIT_FAULT_FAIL_AFTER_ROWS=N fails a report after N rows.
import DDBAuditCLI
import DDBAuditImport
import DDBAuditReports
import Foundation

let environment = ProcessInfo.processInfo.environment
ImportFaults.killAfterItems = environment["DDBAUDIT_FAULT_KILL_AFTER_ITEMS"].flatMap { Int64($0) }
ReportFaults.failAfterRows = environment["DDBAUDIT_FAULT_FAIL_AFTER_ROWS"].flatMap { Int64($0) }
DDBAuditMain.main()
