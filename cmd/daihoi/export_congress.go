package main

import "daihoi/internal/server"

func init() {
	k := reportExport{name: "congress", perCongress: true, write: server.ExportCongressPack,
		synopsis: "congress [--db FILE] --congress ID --out FILE"}
	registerExport(exportKind{name: k.name, run: k.run,
		summary: "hồ sơ một đại hội gửi cấp trên (báo cáo, biên bản kiểm phiếu, trích ngang, chức danh, đại biểu, chỉ tiêu): --congress ID --out FILE"})
}
