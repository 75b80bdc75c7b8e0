// Command daihoi records party congresses: it serves the web UI and API, and runs maintenance,
// counting and export sub-commands. `daihoi help` lists them.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// Stdio is what a sub-command reads and writes, so tests can run commands in-process.
type Stdio struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// Env looks up an environment variable; os.LookupEnv in production.
	Env func(string) (string, bool)
}

// getenv returns the variable or "".
func (s Stdio) getenv(key string) string {
	if s.Env == nil {
		return ""
	}
	v, _ := s.Env(key)
	return v
}

// command is one sub-command. Each lives in its own file and registers itself in init, so that
// files can be added without touching this one.
type command struct {
	name    string
	order   int // position in `daihoi help`
	summary string
	run     func(ctx context.Context, args []string, stdio Stdio) int
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, os.Args[1:], Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Env: os.LookupEnv})
	stop()
	os.Exit(code)
}

// Run dispatches args to a sub-command and returns the process exit code (0 ok, 2 usage or
// invalid input, 1 failure). No arguments means `serve`.
func Run(ctx context.Context, args []string, stdio Stdio) int {
	name := "serve"
	// "daihoi --addr :9090" is serve with flags; only a bare word names a command.
	if len(args) > 0 && (!strings.HasPrefix(args[0], "-") || isHelp(args[0])) {
		name, args = args[0], args[1:]
	}
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 0 {
			if c, ok := commands[args[0]]; ok {
				return c.run(ctx, []string{"-h"}, stdio)
			}
		}
		usage(stdio.Out)
		return 0
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(stdio.Err, "daihoi: không có lệnh %q\n\n", name)
		usage(stdio.Err)
		return 2
	}
	return c.run(ctx, args, stdio)
}

func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help"
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "daihoi — hồ sơ đại hội đảng bộ, chi bộ")
	fmt.Fprintln(w, "\nCách dùng: daihoi [lệnh] [tham số]   (không có lệnh = serve)")
	fmt.Fprintln(w, "\nCác lệnh:")
	list := make([]command, 0, len(commands))
	for _, c := range commands {
		list = append(list, c)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].order != list[j].order {
			return list[i].order < list[j].order
		}
		return list[i].name < list[j].name
	})
	for _, c := range list {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\n`daihoi LỆNH -h` in hướng dẫn của từng lệnh.")
}
