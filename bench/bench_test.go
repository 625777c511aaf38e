package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	gojson "github.com/goccy/go-json"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
)

// goccy plugs github.com/goccy/go-json in as the SDK's codec.
type goccy struct{}

func (goccy) Marshal(v any) ([]byte, error)   { return gojson.MarshalNoEscape(v) }
func (goccy) Unmarshal(b []byte, v any) error { return gojson.Unmarshal(b, v) }

// cpuTime is the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// measure runs f b.N times and reports the client's CPU time per call
// beside the wall time (the server is another process).
func measure(b *testing.B, f func() error) {
	b.Helper()
	if err := f(); err != nil { // warm the connection and the token
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		if err := f(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

func sdk(b *testing.B, base string, hc *http.Client, codec core.Codec) *externalcontact.Client {
	// The governor stays on, as users get it, but without a rate budget:
	// b.N calls a second would otherwise wait for WeCom's rate limit.
	app, err := work.New(work.Config{CorpID: "wwbench", Secret: "bench-secret", BaseURL: base, HTTPClient: hc, Codec: codec,
		Governor: core.GovernorConfig{Rates: []core.Rate{}}})
	if err != nil {
		b.Fatal(err)
	}
	return app.ExternalContact()
}

// plainGet is what a careful hand-written client does for externalcontact/get.
func plainGet(ctx context.Context, hc *http.Client, base, id string) (*externalcontact.Contact, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/cgi-bin/externalcontact/get?access_token=BENCH_TOKEN&external_userid="+id, nil)
	if err != nil {
		return nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out struct {
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
		externalcontact.Contact
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, err
	}
	if out.ErrCode != 0 {
		return nil, fmt.Errorf("errcode %d: %s", out.ErrCode, out.ErrMsg)
	}
	return &out.Contact, nil
}

// plainBatch is the hand-written baseline for one batch/get_by_user page.
func plainBatch(ctx context.Context, hc *http.Client, base string, users []string) (*externalcontact.BatchGetByUserResponse, error) {
	body, err := json.Marshal(map[string]any{"userid_list": users, "limit": 100})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/cgi-bin/externalcontact/batch/get_by_user?access_token=BENCH_TOKEN", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out struct {
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
		externalcontact.BatchGetByUserResponse
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, err
	}
	if out.ErrCode != 0 {
		return nil, fmt.Errorf("errcode %d: %s", out.ErrCode, out.ErrMsg)
	}
	return &out.BatchGetByUserResponse, nil
}

const customer = "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA"

// BenchmarkGet is one 2.2 KB customer: plain, the SDK with encoding/json,
// and the SDK with goccy/go-json plugged in.
func BenchmarkGet(b *testing.B) {
	base := startServer(b)
	hc := core.NewHTTPClient()
	ctx := context.Background()
	b.Run("impl=plain", func(b *testing.B) {
		measure(b, func() error { _, err := plainGet(ctx, hc, base, customer); return err })
	})
	b.Run("impl=sdk", func(b *testing.B) {
		c := sdk(b, base, hc, nil)
		measure(b, func() error { _, err := c.Get(ctx, customer); return err })
	})
	b.Run("impl=sdk-goccy", func(b *testing.B) {
		c := sdk(b, base, hc, goccy{})
		measure(b, func() error { _, err := c.Get(ctx, customer); return err })
	})
}

// BenchmarkPage100 is one batch/get_by_user page of 100 contacts (135 KB).
func BenchmarkPage100(b *testing.B) {
	base := startServer(b)
	hc := core.NewHTTPClient()
	ctx := context.Background()
	users := []string{"zhangsan", "lisi"}
	check := func(r *externalcontact.BatchGetByUserResponse, err error) error {
		if err == nil && len(r.ExternalContactList) != 100 {
			err = fmt.Errorf("got %d contacts", len(r.ExternalContactList))
		}
		return err
	}
	b.Run("impl=plain", func(b *testing.B) {
		measure(b, func() error { return check(plainBatch(ctx, hc, base, users)) })
	})
	req := &externalcontact.BatchGetByUserRequest{UserIDs: users, Limit: 100}
	b.Run("impl=sdk", func(b *testing.B) {
		c := sdk(b, base, hc, nil)
		measure(b, func() error { return check(c.BatchGetByUser(ctx, req)) })
	})
	b.Run("impl=sdk-goccy", func(b *testing.B) {
		c := sdk(b, base, hc, goccy{})
		measure(b, func() error { return check(c.BatchGetByUser(ctx, req)) })
	})
}

// BenchmarkTokenHit is the token source's hit path under 1, 8 and 64
// goroutines per core: an atomic load, no lock.
func BenchmarkTokenHit(b *testing.B) {
	base := startServer(b)
	c, err := core.NewClient(core.Options{BaseURL: base})
	if err != nil {
		b.Fatal(err)
	}
	ts := core.NewCorpTokenSource(c, core.CorpTokenConfig{CorpID: "wwbench", Secret: "bench-secret"})
	ctx := context.Background()
	if _, err := ts.Token(ctx); err != nil {
		b.Fatal(err)
	}
	for _, p := range []int{1, 8, 64} {
		b.Run(fmt.Sprintf("goroutines=%d", p*runtime.GOMAXPROCS(0)), func(b *testing.B) {
			b.ReportAllocs()
			b.SetParallelism(p)
			var fails atomic.Int32
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if tok, err := ts.Token(ctx); err != nil || tok != "BENCH_TOKEN" {
						fails.Add(1)
					}
				}
			})
			if fails.Load() > 0 {
				b.Fatal("token misses")
			}
		})
	}
}

var epUpload = core.Write("media/upload")

// BenchmarkUpload1MB is a 1 MB multipart upload: the SDK's body built once
// in memory beside a hand-written mime/multipart request.
func BenchmarkUpload1MB(b *testing.B) {
	base := startServer(b)
	hc := core.NewHTTPClient()
	ctx := context.Background()
	data := bytes.Repeat([]byte("0123456789abcdef"), 1<<16)
	type media struct {
		MediaID string `json:"media_id"`
	}
	b.Run("impl=plain", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		measure(b, func() error {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			fw, err := mw.CreateFormFile("media", "report.pdf")
			if err != nil {
				return err
			}
			fw.Write(data)
			mw.Close()
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/cgi-bin/media/upload?access_token=BENCH_TOKEN&type=file", &body)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			resp, err := hc.Do(req)
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			var out media
			return json.NewDecoder(resp.Body).Decode(&out)
		})
	})
	b.Run("impl=sdk", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		base, err := core.NewClient(core.Options{BaseURL: base, HTTPClient: hc})
		if err != nil {
			b.Fatal(err)
		}
		c := base.WithTokenSource(core.AuthAccessToken, core.NewCorpTokenSource(base, core.CorpTokenConfig{CorpID: "wwbench", Secret: "bench-secret"}))
		measure(b, func() error {
			_, err := core.Upload[media](ctx, c, epUpload, map[string][]string{"type": {"file"}},
				core.FormFile{Name: "report.pdf", Body: bytes.NewReader(data), MinBytes: 6, MaxBytes: 20 << 20})
			return err
		})
	})
}

// BenchmarkIdleApp measures what an App that has made one call keeps
// alive: bytes of heap and goroutines per App, over 2,000 Apps sharing one
// HTTP client.
func BenchmarkIdleApp(b *testing.B) {
	base := startServer(b)
	hc := core.NewHTTPClient()
	for _, gov := range []bool{true, false} {
		b.Run(fmt.Sprintf("governor=%v", gov), func(b *testing.B) { idleApps(b, base, hc, !gov) })
	}
}

func idleApps(b *testing.B, base string, hc *http.Client, noGovernor bool) {
	ctx := context.Background()
	const n = 2000
	for i := 0; i < b.N; i++ {
		apps := make([]*work.App, 0, n)
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		g0 := runtime.NumGoroutine()
		for j := 0; j < n; j++ {
			app, err := work.New(work.Config{CorpID: fmt.Sprintf("wwcorp%05d", j), Secret: "bench-secret", BaseURL: base, HTTPClient: hc, NoGovernor: noGovernor})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := app.ExternalContact().Get(ctx, customer); err != nil {
				b.Fatal(err)
			}
			apps = append(apps, app)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "heap-B/app")
		b.ReportMetric(float64(runtime.NumGoroutine()-g0)/n, "goroutines/app")
		runtime.KeepAlive(apps)
	}
}

var _ io.Reader = (*bytes.Reader)(nil)
