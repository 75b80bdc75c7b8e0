package main

import "daihoi/internal/server"

func init() {
	k := reportExport{name: "structure", write: server.ExportStructure,
		synopsis: "structure [--db FILE] [--org ID] [--term 2020-2025] --out FILE"}
	registerExport(exportKind{name: k.name, run: k.run,
		summary: "cơ cấu cấp ủy khóa mới so với chỉ tiêu định hướng: [--org ID] [--term 2020-2025] --out FILE"})
}
