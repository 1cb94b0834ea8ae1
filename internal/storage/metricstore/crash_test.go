package metricstore

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

	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// Environment of the crash child process.
const (
	crashDirEnv   = "OPENWATCH_METRICSTORE_CRASH_DIR"
	crashCycleEnv = "OPENWATCH_METRICSTORE_CRASH_CYCLE"
)

const (
	crashWorkers = 4
	crashSeries  = 5  // series per worker
	crashPoints  = 40 // points per series per batch, all in one minute
	// crashMinutes is the number of minutes (batches) a worker may use in
	// one cycle; each batch has its own minute.
	crashMinutes = 2000
)

func crashKey(w, s int) SeriesKey {
	return testKey("Crash", "worker", strconv.Itoa(w), "series", strconv.Itoa(s))
}

// crashMinute returns the start, in seconds, of the minute of batch b of a
// cycle.
func crashMinute(cycle, b int) int64 { return t0 + int64(cycle*crashMinutes+b)*60 }

// crashValue is the value of point j of a batch; the sum of a batch's points
// of one series tells which batch wrote them.
func crashValue(cycle, b, j int) float64 { return float64((cycle*crashMinutes+b)*100 + j) }

func crashSum(cycle, b int) float64 {
	sum := 0.0
	for j := range crashPoints {
		sum += crashValue(cycle, b, j)
	}
	return sum
}

// TestCrashChild is the process TestCrashRecovery kills. Its workers add
// batches until killed, printing "ACK <cycle> <worker> <batch>" for each
// acknowledged one, while checkpoints and compactions run.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("run as a child process by TestCrashRecovery")
	}
	cycle, err := strconv.Atoi(os.Getenv(crashCycleEnv))
	if err != nil {
		t.Fatalf("bad %s: %v", crashCycleEnv, err)
	}
	s, err := Open(context.Background(), vfs.Default, dir, Options{SegmentSize: 256 << 10})
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
	for w := range crashWorkers {
		go func() {
			rng := rand.New(rand.NewPCG(uint64(cycle), uint64(w)))
			for b := range crashMinutes {
				var pts []Point
				for s := range crashSeries {
					for j := range crashPoints {
						ts := crashMinute(cycle, b) + int64(j)
						pts = append(pts, Point{Key: crashKey(w, s), Timestamp: ts*1000 + rng.Int64N(1000), StorageResolution: 1, Value: crashValue(cycle, b, j)})
					}
				}
				rng.Shuffle(len(pts), func(i, j int) { pts[i], pts[j] = pts[j], pts[i] })
				if err := s.Add(context.Background(), pts); err != nil {
					panic(err)
				}
				write(fmt.Sprintf("ACK %d %d %d\n", cycle, w, b))
			}
		}()
	}
	go func() {
		for i := 0; ; i++ {
			time.Sleep(time.Duration(10+i%20) * time.Millisecond)
			if err := s.Checkpoint(context.Background()); err != nil {
				panic(err)
			}
			now := crashMinute(cycle, i) * 1000
			if _, err := s.Compact(context.Background(), now); err != nil {
				panic(err)
			}
		}
	}()
	time.Sleep(time.Minute)
	t.Fatalf("not killed")
}

type crashAck struct{ cycle, worker, batch int }

// TestCrashRecovery kills a process writing to the store with SIGKILL at a
// random moment, reopens the store and checks that every acknowledged
// batch is there, that no batch is there twice or in part, and that every
// batch seen after an earlier crash is still there; five times on the same
// directory.
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	var acked []crashAck
	seen := map[crashAck]bool{}
	for cycle := range 5 {
		lines, stderr := runCrashChild(t, dir, cycle, 200*time.Millisecond+time.Duration(rng.Int64N(int64(600*time.Millisecond))))
		n := 0
		for _, line := range lines {
			var a crashAck
			if !strings.HasPrefix(line, "ACK ") {
				continue
			}
			if _, err := fmt.Sscanf(line, "ACK %d %d %d", &a.cycle, &a.worker, &a.batch); err != nil {
				t.Fatalf("cycle %d: bad line %q: %v; child stderr:\n%s", cycle, line, err, stderr)
			}
			acked = append(acked, a)
			n++
		}
		s, err := Open(context.Background(), vfs.Default, dir, Options{SegmentSize: 256 << 10})
		if err != nil {
			t.Fatalf("cycle %d: reopen: %v", cycle, err)
		}
		found := crashBatches(t, s, cycle)
		st := s.Stats()
		closeStore(t, s)
		t.Logf("cycle %d: %d batches acknowledged, %d found; %d series, generation %d, %d torn tails",
			cycle, n, len(found), st.Series, st.Generation, st.WAL.TornTails)
		for _, a := range acked {
			if !found[a] {
				t.Fatalf("cycle %d: acknowledged batch %+v is missing", cycle, a)
			}
		}
		for a := range seen {
			if !found[a] {
				t.Fatalf("cycle %d: batch %+v seen after an earlier crash is gone", cycle, a)
			}
		}
		seen = found
	}
	if len(acked) == 0 {
		t.Fatal("no batch was acknowledged")
	}
}

// crashBatches reads every batch written up to cycle, checking that each is
// whole and there once.
func crashBatches(t *testing.T, s *Store, cycle int) map[crashAck]bool {
	t.Helper()
	found := map[crashAck]bool{}
	stats := mustStat(t, "SampleCount", "Sum")
	for w := range crashWorkers {
		per := map[crashAck]int{}
		for sr := range crashSeries {
			k := crashKey(w, sr)
			q := Query{Key: &k, Start: t0 * 1000, End: crashMinute(cycle+1, 0) * 1000, Period: 60, Statistics: stats}
			for _, r := range query(t, s, q) {
				for j, ts := range r.Timestamps {
					m := int((ts/1000 - t0) / 60)
					a := crashAck{m / crashMinutes, w, m % crashMinutes}
					if r.Values[0][j] != crashPoints || r.Values[1][j] != crashSum(a.cycle, a.batch) {
						t.Fatalf("batch %+v series %d: %v points summing to %v, want %d summing to %v",
							a, sr, r.Values[0][j], r.Values[1][j], crashPoints, crashSum(a.cycle, a.batch))
					}
					per[a]++
				}
			}
		}
		for a, n := range per {
			if n != crashSeries {
				t.Fatalf("batch %+v is in %d of its %d series", a, n, crashSeries)
			}
			found[a] = true
		}
	}
	return found
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
		if err := cmd.Process.Kill(); err != nil {
			t.Logf("kill: %v", err)
		}
		t.Fatalf("cycle %d: child not ready; stderr:\n%s", cycle, stderr.String())
	}
	time.Sleep(delay)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatalf("cycle %d: kill: %v", cycle, err)
	}
	lines := <-done
	err = cmd.Wait()
	if cmd.ProcessState == nil || cmd.ProcessState.Exited() {
		t.Fatalf("cycle %d: child exited before the kill (%v); stderr:\n%s", cycle, err, stderr.String())
	}
	return lines, stderr.String()
}
