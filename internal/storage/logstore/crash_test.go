package logstore

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// Environment of the crash child process.
const (
	crashDirEnv   = "OPENWATCH_LOGSTORE_CRASH_DIR"
	crashCycleEnv = "OPENWATCH_LOGSTORE_CRASH_CYCLE"
)

const (
	crashGroup     = 1
	crashAppenders = 8
	crashStreams   = 4
)

// crashOpts make the killed process flush and merge all the time, so that
// kills land in the middle of part writes, manifest rewrites and WAL
// trims too.
var crashOpts = Options{
	SegmentSize:   256 << 10,
	FlushInterval: 20 * time.Millisecond,
	MemtableSize:  64 << 10,
	BlockRows:     64,
	MergeFanIn:    3,
}

// crashBatch is one acknowledged batch as the child reports it.
type crashBatch struct {
	label  string // "c<cycle>w<worker>b<batch>", the prefix of its messages
	stream int64
	first  uint64
	ts     []int64
}

func crashMessage(label string, i, n int) string {
	return fmt.Sprintf("%s e%d/%d %s", label, i, n, strings.Repeat("p", 40+i%50))
}

// TestCrashChild is the process TestCrashRecovery kills. It appends from
// several goroutines until killed, printing one line per acknowledged batch:
//
//	ACK <label> <stream> <first seq> <t1> <t2> …
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("run as a child process by TestCrashRecovery")
	}
	cycle, err := strconv.Atoi(os.Getenv(crashCycleEnv))
	if err != nil {
		t.Fatalf("bad %s: %v", crashCycleEnv, err)
	}
	s, err := Open(context.Background(), vfs.Default, dir, crashOpts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	var out sync.Mutex
	write := func(line string) {
		out.Lock()
		defer out.Unlock()
		// One write per line: a line is printed whole or not at all.
		if _, err := os.Stdout.WriteString(line); err != nil {
			panic(err)
		}
	}
	write("READY\n")
	for w := range crashAppenders {
		go func() {
			rng := rand.New(rand.NewPCG(uint64(cycle), uint64(w)))
			for b := 0; ; b++ {
				label := fmt.Sprintf("c%dw%db%d", cycle, w, b)
				stream := int64(w % crashStreams)
				n := 1 + rng.IntN(20)
				base := int64(cycle*1_000_000 + b*100)
				if rng.IntN(5) == 0 {
					base = rng.Int64N(base + 1) // out of order
				}
				events := make([]model.LogEvent, n)
				for i := range events {
					events[i] = model.LogEvent{Timestamp: base + rng.Int64N(100), Message: crashMessage(label, i, n)}
				}
				stored, err := s.Append(context.Background(), crashGroup, stream, 0, events)
				if err != nil {
					panic(err)
				}
				var line strings.Builder
				fmt.Fprintf(&line, "ACK %s %d %d", label, stream, stored[0].Seq)
				for _, e := range events {
					fmt.Fprintf(&line, " %d", e.Timestamp)
				}
				line.WriteByte('\n')
				write(line.String())
			}
		}()
	}
	time.Sleep(time.Minute)
	t.Fatalf("not killed")
}

func parseAck(line string) (crashBatch, error) {
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "ACK" {
		return crashBatch{}, fmt.Errorf("malformed line %q", line)
	}
	b := crashBatch{label: f[1]}
	var err error
	if b.stream, err = strconv.ParseInt(f[2], 10, 64); err != nil {
		return b, err
	}
	if b.first, err = strconv.ParseUint(f[3], 10, 64); err != nil {
		return b, err
	}
	for _, s := range f[4:] {
		ts, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return b, err
		}
		b.ts = append(b.ts, ts)
	}
	return b, nil
}

// TestCrashRecovery kills a process appending to the store with SIGKILL at a
// random moment — while it flushes and merges parts too — reopens the store
// and checks that every acknowledged event is there, that nothing appears
// twice, that no batch is partly there, and that everything seen after the
// previous crash is still there; five times on the same directory.
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	var acked []crashBatch
	seen := map[uint64]model.StoredEvent{}
	for cycle := range 5 {
		lines, stderr := runCrashChild(t, dir, cycle, 100*time.Millisecond+time.Duration(rng.Int64N(int64(500*time.Millisecond))))
		n := 0
		for _, line := range lines {
			if !strings.HasPrefix(line, "ACK ") {
				continue
			}
			b, err := parseAck(line)
			if err != nil {
				t.Fatalf("cycle %d: %v; child stderr:\n%s", cycle, err, stderr)
			}
			acked = append(acked, b)
			n++
		}

		s, err := Open(context.Background(), vfs.Default, dir, crashOpts)
		if err != nil {
			t.Fatalf("cycle %d: reopen: %v", cycle, err)
		}
		events := readAll(t, s, model.ReadSpec{GroupID: crashGroup})
		st := s.Stats()
		closeStore(t, s)
		t.Logf("cycle %d: %d batches acknowledged, %d events stored, %d parts, %d events replayed from %d wal segments, %d torn tails",
			cycle, n, len(events), st.Parts, st.MemtableEvents, st.WAL.Segments, st.WAL.TornTails)
		seen = verifyCrash(t, cycle, events, acked, seen)
	}
	if len(acked) == 0 {
		t.Fatalf("no batch was acknowledged in any cycle")
	}
}

// runCrashChild starts the child, kills it after delay from its READY line
// and returns its output lines.
func runCrashChild(t *testing.T, dir string, cycle int, delay time.Duration) ([]string, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir, crashCycleEnv+"="+strconv.Itoa(cycle))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{})
	done := make(chan []string)
	go func() {
		var lines []string
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			if sc.Text() == "READY" {
				close(ready)
			}
			lines = append(lines, sc.Text())
		}
		done <- lines
	}()
	select {
	case <-ready:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("cycle %d: child not ready; stderr:\n%s", cycle, stderr.String())
	}
	time.Sleep(delay)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatalf("cycle %d: kill: %v", cycle, err)
	}
	lines := <-done
	err = cmd.Wait()
	if cmd.ProcessState == nil || cmd.ProcessState.Exited() {
		// The child ended on its own: it failed rather than being killed.
		t.Fatalf("cycle %d: child exited before the kill (%v); stderr:\n%s", cycle, err, stderr.String())
	}
	return lines, stderr.String()
}

// verifyCrash checks the events read after a crash against the acknowledged
// batches and against what the previous check saw, and returns the events by
// Seq.
func verifyCrash(t *testing.T, cycle int, events []model.StoredEvent, acked []crashBatch, prev map[uint64]model.StoredEvent) map[uint64]model.StoredEvent {
	t.Helper()
	bySeq := make(map[uint64]model.StoredEvent, len(events))
	batches := map[string][]model.StoredEvent{}
	for _, e := range events {
		if _, dup := bySeq[e.Seq]; dup {
			t.Fatalf("cycle %d: Seq %d appears twice", cycle, e.Seq)
		}
		bySeq[e.Seq] = e
		label, _, _ := strings.Cut(e.Message, " ")
		batches[label] = append(batches[label], e)
	}
	for _, b := range acked {
		for i, ts := range b.ts {
			e, ok := bySeq[b.first+uint64(i)]
			want := model.StoredEvent{StreamID: b.stream, Timestamp: ts, Seq: b.first + uint64(i), Message: crashMessage(b.label, i, len(b.ts))}
			if !ok || e != want {
				t.Fatalf("cycle %d: acknowledged event %+v lost or changed: read %+v (found=%v)", cycle, want, e, ok)
			}
		}
	}
	// Batches are atomic: any batch present, acknowledged or not, is whole,
	// once, under consecutive Seqs.
	for label, evs := range batches {
		var i, n int
		for _, e := range evs {
			if _, err := fmt.Sscanf(e.Message[len(label)+1:], "e%d/%d", &i, &n); err != nil {
				t.Fatalf("cycle %d: unexpected message %q", cycle, e.Message)
			}
		}
		if len(evs) != n {
			t.Fatalf("cycle %d: batch %s has %d of its %d events", cycle, label, len(evs), n)
		}
		lo, hi := evs[0].Seq, evs[0].Seq
		for _, e := range evs {
			lo, hi = min(lo, e.Seq), max(hi, e.Seq)
		}
		if hi-lo+1 != uint64(n) {
			t.Fatalf("cycle %d: batch %s has non-consecutive Seqs", cycle, label)
		}
	}
	for seq, e := range prev {
		if bySeq[seq] != e {
			t.Fatalf("cycle %d: event %+v seen after the previous crash is gone", cycle, e)
		}
	}
	return bySeq
}
