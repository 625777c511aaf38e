//go:build exportbench

package externalcontact_test

// The export benchmark: `make bench-export`. It needs the exportbench tag
// (it takes about a minute, too long for `make bench`).
//
// The simulator runs in a child process (this test binary, re-executed),
// so that the memory measured is the export's alone: 100,000 relations in
// the simulator would otherwise dwarf it. Every call waits 50 ms there.
//
// Metrics per export:
//
//	s/export      wall time, get_follow_user_list and gettoken included
//	floor_s       the floor: pages ÷ min(rate limit, concurrency ÷ latency),
//	              with the minimum pages (relations ÷ 100) and the governor's
//	              sustained rate (9,000 a minute)
//	x_floor       s/export ÷ floor_s
//	burst_floor_s the tighter floor when the governor's burst (500) is spent
//	              first: max(pages × latency ÷ concurrency, (pages − burst) ÷ rate)
//	x_burst_floor s/export ÷ burst_floor_s
//	pages         the pages actually fetched
//	peak_live_MB  the largest live heap after a GC during the export
//	peak_heap_MB  the largest heap (live and not yet collected) sampled every 2 ms

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/worktest"
)

const (
	benchLatency   = 50 * time.Millisecond
	benchPerMember = 200
	simEnv         = "WECOM_EXPORT_BENCH_SIM" // "members" in the child
)

type simInfo struct {
	URL, CorpID, Secret string
	SeedTime            time.Duration
}

func TestMain(m *testing.M) {
	if v := os.Getenv(simEnv); v != "" {
		os.Exit(serveBenchSim(v))
	}
	os.Exit(m.Run())
}

// serveBenchSim is the child: a simulator of members × benchPerMember
// relations, serving until its stdin closes.
func serveBenchSim(members string) int {
	n, err := strconv.Atoi(members)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	start := time.Now()
	s, err := worktest.New(worktest.WithMembers(n), worktest.WithCustomersPerMember(benchPerMember),
		worktest.WithResignedMembers(0), worktest.WithGroupChats(0), worktest.WithLogCap(16))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	seeded := time.Since(start)
	s.Start()
	defer s.Close()
	s.Faults().Latency("*", benchLatency)
	if err := json.NewEncoder(os.Stdout).Encode(simInfo{URL: s.URL, CorpID: s.CorpID, Secret: s.Secret, SeedTime: seeded}); err != nil {
		return 2
	}
	_, _ = io.Copy(io.Discard, os.Stdin) // until the parent is done
	return 0
}

// startSim starts the child simulator and returns its address.
func startSim(b *testing.B, members int) simInfo {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), simEnv+"="+strconv.Itoa(members))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stdin.Close()
		_ = cmd.Wait()
	})
	var info simInfo
	if err := json.NewDecoder(bufio.NewReader(stdout)).Decode(&info); err != nil {
		b.Fatal(err)
	}
	b.Logf("simulator: %d relations seeded in %v", members*benchPerMember, info.SeedTime.Round(time.Millisecond))
	return info
}

// memPeak samples the heap every 2 ms until stopped.
type memPeak struct {
	stop       chan struct{}
	done       sync.WaitGroup
	live, heap atomic.Uint64
}

func watchMemory() *memPeak {
	runtime.GC()
	p := &memPeak{stop: make(chan struct{})}
	samples := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(samples)
			if v := samples[0].Value.Uint64(); v > p.live.Load() {
				p.live.Store(v)
			}
			if v := samples[1].Value.Uint64(); v > p.heap.Load() {
				p.heap.Store(v)
			}
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

func (p *memPeak) end() (liveMB, heapMB float64) {
	close(p.stop)
	p.done.Wait()
	return float64(p.live.Load()) / (1 << 20), float64(p.heap.Load()) / (1 << 20)
}

func reportExport(b *testing.B, relations, conc, pages int, wall time.Duration, mem *memPeak) {
	minPages := float64((relations + 99) / 100)
	rate := float64(core.DefaultRates()[0].Events) / core.DefaultRates()[0].Per.Seconds()
	perConc := float64(conc) / benchLatency.Seconds()
	floor := minPages / math.Min(rate, perConc)
	burst := float64(core.DefaultRates()[0].Burst)
	burstFloor := math.Max(minPages/perConc, (minPages-burst)/rate)
	live, heap := mem.end()
	b.ReportMetric(wall.Seconds(), "s/export")
	b.ReportMetric(floor, "floor_s")
	b.ReportMetric(wall.Seconds()/floor, "x_floor")
	b.ReportMetric(burstFloor, "burst_floor_s")
	b.ReportMetric(wall.Seconds()/burstFloor, "x_burst_floor")
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(live, "peak_live_MB")
	b.ReportMetric(heap, "peak_heap_MB")
}

func BenchmarkExport(b *testing.B) {
	for _, tc := range []struct{ members, conc int }{
		{125, 10}, // 25,000 relations
		{500, 10}, // 100,000
		{500, 5},
	} {
		relations := tc.members * benchPerMember
		b.Run(fmt.Sprintf("sdk/relations=%d/concurrency=%d", relations, tc.conc), func(b *testing.B) {
			info := startSim(b, tc.members)
			for i := 0; i < b.N; i++ {
				app, err := work.New(work.Config{CorpID: info.CorpID, Secret: info.Secret, BaseURL: info.URL})
				if err != nil {
					b.Fatal(err)
				}
				var n, pages int
				b.ResetTimer()
				mem := watchMemory()
				start := time.Now()
				err = app.ExternalContact().ExportCustomers(context.Background(),
					&externalcontact.ExportRequest{Concurrency: tc.conc, Progress: func(p externalcontact.ExportProgress) { pages = p.Pages }},
					func(externalcontact.BatchContact) error { n++; return nil })
				wall := time.Since(start)
				b.StopTimer()
				if err != nil {
					b.Fatal(err)
				}
				if n != relations {
					b.Fatalf("exported %d pairs, want %d", n, relations)
				}
				reportExport(b, relations, tc.conc, pages, wall, mem)
			}
		})
	}
	// Beside it, what a careful hand-written export does with plain
	// net/http and encoding/json: batches of 100 members, each walked page
	// by page, the same number of workers, no governor.
	b.Run("nethttp/relations=100000/concurrency=10", func(b *testing.B) {
		info := startSim(b, 500)
		for i := 0; i < b.N; i++ {
			b.ResetTimer()
			mem := watchMemory()
			start := time.Now()
			n, pages, err := plainExport(info, 10)
			wall := time.Since(start)
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			if n != 100000 {
				b.Fatalf("exported %d pairs", n)
			}
			reportExport(b, 100000, 10, pages, wall, mem)
		}
	})
}

func plainExport(info simInfo, conc int) (n, pages int, err error) {
	hc := core.NewHTTPClient()
	get := func(path string, out any) error {
		resp, err := hc.Get(info.URL + "/cgi-bin/" + path)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		return json.NewDecoder(resp.Body).Decode(out)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := get("gettoken?corpid="+info.CorpID+"&corpsecret="+info.Secret, &tok); err != nil {
		return 0, 0, err
	}
	var fu struct {
		FollowUser []string `json:"follow_user"`
	}
	if err := get("externalcontact/get_follow_user_list?access_token="+tok.AccessToken, &fu); err != nil {
		return 0, 0, err
	}
	batches := make(chan []string)
	go func() {
		for i := 0; i < len(fu.FollowUser); i += 100 {
			batches <- fu.FollowUser[i:min(i+100, len(fu.FollowUser))]
		}
		close(batches)
	}()
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for w := 0; w < conc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ids := range batches {
				cursor := ""
				for {
					body, _ := json.Marshal(map[string]any{"userid_list": ids, "cursor": cursor, "limit": 100})
					resp, err := hc.Post(info.URL+"/cgi-bin/externalcontact/batch/get_by_user?access_token="+tok.AccessToken,
						"application/json", bytes.NewReader(body))
					if err != nil {
						mu.Lock()
						firstErr = err
						mu.Unlock()
						return
					}
					var page externalcontact.BatchGetByUserResponse
					err = json.NewDecoder(resp.Body).Decode(&page)
					resp.Body.Close()
					if err != nil || resp.StatusCode != http.StatusOK {
						mu.Lock()
						firstErr = fmt.Errorf("page: %v (HTTP %d)", err, resp.StatusCode)
						mu.Unlock()
						return
					}
					mu.Lock()
					n += len(page.ExternalContactList)
					pages++
					mu.Unlock()
					if page.NextCursor == "" {
						break
					}
					cursor = page.NextCursor
				}
			}
		}()
	}
	wg.Wait()
	return n, pages, firstErr
}
