import DDBAuditCLI

DDBAuditMain.main()
