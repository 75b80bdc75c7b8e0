package main

import "daihoi/internal/server"

func init() {
	k := reportExport{name: "committee", perCongress: true, write: server.ExportCommittee,
		synopsis: "committee [--db FILE] --congress ID --out FILE"}
	registerExport(exportKind{name: k.name, run: k.run,
		summary: "danh sách trích ngang cấp ủy khóa mới của một đại hội: --congress ID --out FILE"})
}
