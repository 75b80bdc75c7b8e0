package main

import "daihoi/internal/server"

func init() {
	k := reportExport{name: "congresses", write: server.ExportCongresses,
		synopsis: "congresses [--db FILE] [--org ID] [--term 2020-2025] --out FILE"}
	registerExport(exportKind{name: k.name, run: k.run,
		summary: "tổng hợp các đại hội và người trúng cử của một cây tổ chức: [--org ID] [--term 2020-2025] --out FILE"})
}
