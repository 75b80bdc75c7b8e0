package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to create and drop the run's database
)

// server is a daihoi process started for the run.
type server struct {
	cmd    *exec.Cmd
	url    string
	bin    string
	dsn    string
	dir    string
	dropPG func() error
	done   chan struct{}
}

// startServer builds (or takes) the binary, makes the database, seeds the demo with the generated
// congresses and starts "daihoi serve" on a free loopback port.
func startServer(ctx context.Context, cfg Config) (_ *server, err error) {
	dir, err := os.MkdirTemp("", "daihoi-load-")
	if err != nil {
		return nil, err
	}
	s := &server{dir: dir, bin: cfg.Bin, dsn: cfg.DB}
	defer func() {
		if err != nil {
			s.stop(cfg.Log)
		}
	}()
	if s.bin == "" {
		s.bin = filepath.Join(dir, "daihoi")
		fmt.Fprintln(cfg.Log, "loadtest: go build daihoi/cmd/daihoi")
		build := exec.CommandContext(ctx, "go", "build", "-o", s.bin, "daihoi/cmd/daihoi")
		if out, err := build.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go build (run inside the daihoi module, or give --bin): %v\n%s", err, out)
		}
	}
	if s.dsn == "" {
		switch cfg.Engine {
		case "sqlite":
			s.dsn = filepath.Join(dir, "load.db")
		case "postgres":
			if s.dsn, s.dropPG, err = createPostgres(ctx, cfg.Postgres); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("--engine %q: sqlite or postgres", cfg.Engine)
		}
	}
	env := append(os.Environ(), "DAIHOI_DEMO_PASSWORD="+cfg.Password)
	start := time.Now()
	args := []string{"demo", "--db", s.dsn}
	if cfg.Congresses > 0 {
		args = append(args, "--congresses", strconv.Itoa(cfg.Congresses))
	}
	if out, err := s.daihoi(ctx, env, args...); err != nil {
		return nil, fmt.Errorf("daihoi demo: %v\n%s", err, out)
	}
	fmt.Fprintf(cfg.Log, "loadtest: demo data with %d generated congresses in %.1fs\n", cfg.Congresses, time.Since(start).Seconds())

	// A free port: the listener is closed just before the server takes the port.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	logf, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		return nil, err
	}
	s.cmd = exec.Command(s.bin, "serve", "--db", s.dsn, "--addr", addr, "--no-demo")
	s.cmd.Env = env
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	if err := s.cmd.Start(); err != nil {
		logf.Close()
		return nil, err
	}
	s.done = make(chan struct{})
	go func() { s.cmd.Wait(); logf.Close(); close(s.done) }()
	s.url = "http://" + addr
	for deadline := time.Now().Add(time.Minute); ; {
		resp, err := http.Get(s.url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case <-s.done:
			log, _ := os.ReadFile(logf.Name())
			return nil, fmt.Errorf("the server stopped: %s", log)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("the server did not answer /healthz within a minute")
		}
	}
	fmt.Fprintf(cfg.Log, "loadtest: server pid %d at %s (%s)\n", s.cmd.Process.Pid, s.url, cfg.Engine)
	return s, nil
}

// daihoi runs one daihoi command to its end.
func (s *server) daihoi(ctx context.Context, env []string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, s.bin, args...)
	cmd.Env = env
	return cmd.CombinedOutput()
}

// addUser adds a user with "daihoi user add", beside the running server, as an operator would.
func (s *server) addUser(ctx context.Context, username, role, name string, org int64, password string) error {
	out, err := s.daihoi(ctx, append(os.Environ(), "DAIHOI_PASSWORD="+password), "user", "add", "--db", s.dsn,
		"--username", username, "--role", role, "--org", strconv.FormatInt(org, 10), "--name", name)
	if err != nil {
		return fmt.Errorf("daihoi user add %s: %v\n%s", username, err, out)
	}
	return nil
}

// stop ends the server (SIGTERM, then SIGKILL after 10 s), drops a PostgreSQL database made for
// the run and removes the temp folder.
func (s *server) stop(log io.Writer) {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(10 * time.Second):
			s.cmd.Process.Kill()
			<-s.done
		}
	}
	if s.dropPG != nil {
		if err := s.dropPG(); err != nil {
			fmt.Fprintln(log, "loadtest:", err)
		}
	}
	os.RemoveAll(s.dir)
}

// createPostgres creates a database for the run on the server of admin and returns its URL and
// how to drop it.
func createPostgres(ctx context.Context, admin string) (string, func() error, error) {
	a, err := sql.Open("pgx", admin)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("daihoi_load_%d_%d", os.Getpid(), time.Now().Unix())
	if _, err := a.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		a.Close()
		return "", nil, fmt.Errorf("create database %s: %w", name, err)
	}
	drop := func() error {
		defer a.Close()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := a.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			return fmt.Errorf("drop database %s: %w", name, err)
		}
		return nil
	}
	u, err := url.Parse(admin)
	if err != nil {
		drop()
		return "", nil, err
	}
	u.Path = "/" + name
	return u.String(), drop, nil
}

// Memory is the server process's resident memory over the run, from /proc.
type Memory struct {
	StartKB, PeakKB, EndKB int64
	// HighWaterKB is the kernel's peak (VmHWM) since the process started, setup included.
	HighWaterKB int64
}

// memSampler reads the server's VmRSS every 500 ms.
type memSampler struct {
	pid  int
	mu   sync.Mutex
	mem  Memory
	quit chan struct{}
	done chan struct{}
}

func sampleMemory(pid int) *memSampler {
	m := &memSampler{pid: pid, quit: make(chan struct{}), done: make(chan struct{})}
	rss, _ := readStatus(pid)
	m.mem.StartKB, m.mem.PeakKB = rss, rss
	go func() {
		defer close(m.done)
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-m.quit:
				return
			case <-t.C:
				if rss, _ := readStatus(pid); rss > 0 {
					m.mu.Lock()
					m.mem.PeakKB = max(m.mem.PeakKB, rss)
					m.mu.Unlock()
				}
			}
		}
	}()
	return m
}

func (m *memSampler) stop() *Memory {
	close(m.quit)
	<-m.done
	m.mem.EndKB, m.mem.HighWaterKB = readStatus(m.pid)
	m.mem.PeakKB = max(m.mem.PeakKB, m.mem.EndKB)
	return &m.mem
}

// readStatus returns VmRSS and VmHWM of a process, in kB (0 when unreadable).
func readStatus(pid int) (rss, hwm int64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 10, 64)
		switch key {
		case "VmRSS":
			rss = n
		case "VmHWM":
			hwm = n
		}
	}
	return rss, hwm
}
