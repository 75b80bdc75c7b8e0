package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"daihoi/db"
	"daihoi/internal/congress"
	"daihoi/internal/demo"
	"daihoi/internal/store"
)

// The fault tests (fault_*_test.go) run the real binary as a server on a SQLite file and break
// what is under it: the process (kill -9), the disk (full), the file (read-only).

// faultPassword is the demo users' password in the fault tests' databases.
const faultPassword = "mat-khau-thu"

// faultNames are the 8 candidates of each fault round; 7 seats, so a ballot strikes one name.
var faultNames = []string{"Huỳnh Minh Tuấn", "Nguyễn Thị Lan", "Trần Văn Bình", "Lê Thị Hạnh", "Phạm Quốc Dũng",
	"Võ Thanh Sơn", "Đặng Thị Mai", "Bùi Văn Nam"}

// faultDB is a database for the fault tests: the demo seed, then n congresses of the Sở KH&CN,
// each with an executive election whose one round is open and entered ballot by ballot, with
// room for thousands of ballots. It returns the seed congress and the open rounds.
type faultDB struct {
	Path   string
	Seed   int64
	Rounds []int64
}

func newFaultDB(t *testing.T, path string, n int) faultDB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	s := store.New(d)
	res, err := demo.Seed(ctx, s, faultPassword)
	if err != nil {
		t.Fatal(err)
	}
	seed, err := s.FindCongressByID(ctx, congress.System, res.SeedCongressID)
	if err != nil {
		t.Fatal(err)
	}
	term, err := s.FindTermByYears(ctx, 2025, 2030)
	if err != nil {
		t.Fatal(err)
	}
	fd := faultDB{Path: path, Seed: seed.ID}
	sys := congress.System
	for i := 0; i < n; i++ {
		cg := &congress.Congress{OrganizationID: seed.OrganizationID, TermID: term.ID, Ordinal: 10 + i, Kind: congress.CongressMembers,
			Ruleset: congress.Ruleset190, HeldOn: "2025-06-10", State: congress.StateHeld,
			Attendance: congress.Attendance{Convened: 20020, Present: 20000, AbsentWithReason: 20}}
		if err := s.CreateCongress(ctx, sys, cg); err != nil {
			t.Fatalf("congress %d: %v", i, err)
		}
		ids := make([]int64, len(faultNames))
		for j, name := range faultNames {
			p := &congress.Person{CongressID: cg.ID, FullName: name}
			if err := s.CreatePerson(ctx, sys, p); err != nil {
				t.Fatalf("person %s: %v", name, err)
			}
			ids[j] = p.ID
		}
		e := &store.ElectionInput{Election: congress.Election{CongressID: cg.ID, Body: congress.BodyExecutive, Seats: 7,
			ListKind: congress.ListSurplus}, CandidateIDs: ids}
		if err := s.CreateElection(ctx, sys, e); err != nil {
			t.Fatalf("election: %v", err)
		}
		r := &congress.Round{Attendance: cg.Attendance, EntryMode: congress.EntryBallots,
			Counters: []congress.CountingMember{{Name: "Trương Văn Hải", Head: true}, {Name: "Mai Thị Hoa"}}}
		if err := s.CreateRound(ctx, sys, e.ID, r); err != nil {
			t.Fatalf("round: %v", err)
		}
		fd.Rounds = append(fd.Rounds, r.ID)
	}
	return fd
}

// serverProc is a running `daihoi serve`.
type serverProc struct {
	cmd  *exec.Cmd
	URL  string
	done chan struct{} // closed when the process has exited
	mu   sync.Mutex
	logs bytes.Buffer // standard error and the rest of standard output
}

// Logs returns what the server has written so far.
func (p *serverProc) Logs() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.logs.String()
}

func (p *serverProc) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.logs.Write(b)
}

// startServer runs `daihoi serve` on the database at path, on a free loopback port, and returns
// once it listens. The process is killed when the test ends, if it still runs.
func startServer(t *testing.T, bin, path string) *serverProc {
	t.Helper()
	p := &serverProc{done: make(chan struct{})}
	p.cmd = exec.Command(bin, "serve", "--db", path, "--addr", "127.0.0.1:0", "--no-demo")
	p.cmd.Env = cleanEnv()
	p.cmd.Stderr = p
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.kill() })
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			if _, rest, ok := strings.Cut(line, "http://"); ok {
				ready <- "http://" + strings.Fields(rest)[0]
			}
			p.Write([]byte(line + "\n"))
		}
	}()
	select {
	case p.URL = <-ready:
	case <-p.done:
		t.Fatalf("the server exited before listening:\n%s", p.Logs())
	case <-time.After(30 * time.Second):
		t.Fatalf("the server did not listen within 30 s:\n%s", p.Logs())
	}
	return p
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *serverProc) kill() {
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// stop ends the server as an administrator would (SIGTERM) and returns its exit code.
func (p *serverProc) stop(t *testing.T) int {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		t.Fatalf("the server did not stop on SIGTERM")
	}
	return p.cmd.ProcessState.ExitCode()
}

// cleanEnv is the environment without the DAIHOI_ variables a developer's shell may set.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DAIHOI_") {
			env = append(env, kv)
		}
	}
	return env
}

// faultClient is an API client with a bearer token.
type faultClient struct {
	http  *http.Client
	base  string
	token string
}

func newFaultClient(base string) *faultClient {
	return &faultClient{base: base, http: &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 16}}}
}

// do sends one request (JSON when body is not nil) and returns the status and body.
func (c *faultClient) do(method, path string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	r, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		r.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.http.Do(r)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

// login signs the secretary of the Sở KH&CN in and keeps the token.
func (c *faultClient) login(t *testing.T) {
	t.Helper()
	status, body, err := c.do(http.MethodPost, "/api/v1/session", map[string]string{"username": "thuky", "password": faultPassword})
	if err != nil || status != http.StatusOK {
		t.Fatalf("login: %d %v %s", status, err, body)
	}
	var s struct{ Token string }
	if err := json.Unmarshal(body, &s); err != nil || s.Token == "" {
		t.Fatalf("login answer: %v %s", err, body)
	}
	c.token = s.Token
}

// addBallot posts a ballot striking the 1-based position pos and returns the status, the number
// the server gave it and the body.
func (c *faultClient) addBallot(round int64, pos int) (int, int, []byte, error) {
	status, body, err := c.do(http.MethodPost, fmt.Sprintf("/api/v1/rounds/%d/ballots", round),
		map[string]any{"slot": 1, "number": 0, "struck": []int{pos}})
	if err != nil || status != http.StatusCreated {
		return status, 0, body, err
	}
	var b struct{ Number int }
	if err := json.Unmarshal(body, &b); err != nil {
		return status, 0, body, err
	}
	return status, b.Number, body, nil
}

// ballotKey is one acknowledged ballot.
type ballotKey struct {
	round  int64
	number int
}

// checkDatabase checks a database the server left: SQLite's integrity check, every acknowledged
// ballot stored with what the clerk sent, every acknowledged close done, no round half-closed,
// and `daihoi verify` passing. It returns how many ballots were stored without an answer reaching
// the clerk (committed just before a kill). It may run while a server has the database open.
func checkDatabase(t *testing.T, bin, path string, acked map[ballotKey]int, closed map[int64]bool, rounds []int64) (unacked int) {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var check []string
	if err := d.R.Select(&check, `PRAGMA integrity_check`); err != nil || len(check) != 1 || check[0] != "ok" {
		t.Fatalf("integrity_check: %v %v", check, err)
	}
	s := store.New(d)
	for _, id := range rounds {
		list, err := s.FindBallots(ctx, congress.System, id, 1)
		if err != nil {
			t.Fatalf("ballots of round %d: %v", id, err)
		}
		stored := map[int][]int{}
		for _, b := range list {
			stored[b.Number] = b.Ballot.Kept
		}
		for k, pos := range acked {
			if k.round != id {
				continue
			}
			kept, ok := stored[k.number]
			if !ok {
				t.Errorf("round %d: acknowledged ballot %d is lost", id, k.number)
				continue
			}
			want := make([]int, 0, len(faultNames)-1)
			for i := range faultNames {
				if i != pos-1 {
					want = append(want, i)
				}
			}
			if fmt.Sprint(kept) != fmt.Sprint(want) {
				t.Errorf("round %d: ballot %d keeps %v, the clerk sent %v", id, k.number, kept, want)
			}
			delete(stored, k.number)
		}
		unacked += len(stored)
	}
	// A closed round has its figures, fingerprint, minutes number and closing time; an open one none.
	var half []string
	if err := d.R.Select(&half, `SELECT 'round ' || id || ' closed=' || closed || ' fingerprint=' || fingerprint
		|| ' document=' || document_number || ' closed_at=' || closed_at FROM rounds
		WHERE (closed AND (fingerprint = '' OR result_json = '' OR request_json = '' OR closed_at = '' OR document_number = 0))
		   OR (NOT closed AND (fingerprint <> '' OR result_json <> '' OR closed_at <> ''))`); err != nil {
		t.Fatal(err)
	}
	if len(half) > 0 {
		t.Errorf("half-closed rounds: %v", half)
	}
	for id := range closed {
		var c bool
		if err := d.R.Get(&c, `SELECT closed FROM rounds WHERE id = ?`, id); err != nil || !c {
			t.Errorf("round %d: its close was acknowledged, it is open (%v)", id, err)
		}
	}
	out, errOut, code := runBinary(t, bin, nil, "verify", "--db", path)
	if code != 0 || !strings.Contains(out, "Không phát hiện sai lệch.") {
		t.Fatalf("daihoi verify: exit %d\n%s%s", code, out, errOut)
	}
	return unacked
}
