package main

import "daihoi/internal/server"

func init() {
	k := reportExport{name: "targets-summary", write: server.ExportTargetsSummary,
		synopsis: "targets-summary [--db FILE] [--org ID] [--term 2020-2025] --out FILE"}
	registerExport(exportKind{name: k.name, run: k.run,
		summary: "tổng hợp thực hiện chỉ tiêu nghị quyết của các đại hội: [--org ID] [--term 2020-2025] --out FILE"})
}
