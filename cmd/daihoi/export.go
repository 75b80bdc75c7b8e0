package main

import (
	"context"
	"fmt"
	"sort"
)

// exportKind is one report `daihoi export KIND` writes. Each lives in its own file
// (export_minutes.go, …) and registers itself in init.
type exportKind struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdio Stdio) int
}

var exportKinds = map[string]exportKind{}

func registerExport(k exportKind) { exportKinds[k.name] = k }

func init() {
	register(command{name: "export", order: 60, summary: "xuất báo cáo Excel: export KIND [--congress ID | --org ID] --out FILE", run: runExport})
}

func runExport(ctx context.Context, args []string, stdio Stdio) int {
	if len(args) == 0 || isHelp(args[0]) {
		fmt.Fprintln(stdio.Err, "Cách dùng: daihoi export KIND [tham số] --out FILE\n\nCác loại báo cáo:")
		names := make([]string, 0, len(exportKinds))
		for n := range exportKinds {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(stdio.Err, "  %-16s %s\n", n, exportKinds[n].summary)
		}
		fmt.Fprintln(stdio.Err, "\n`daihoi export KIND -h` in tham số của từng loại.")
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	k, ok := exportKinds[args[0]]
	if !ok {
		fmt.Fprintf(stdio.Err, "daihoi export: không có loại báo cáo %q (xem daihoi export -h)\n", args[0])
		return 2
	}
	return k.run(ctx, args[1:], stdio)
}
