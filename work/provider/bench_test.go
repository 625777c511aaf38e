package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/provider"
)

// leanWeCom answers the calls of the scale benchmarks without keeping any
// state, so that the memory measured is the SDK's: the corp token of corp
// X is "CT-X", and the data call checks it got its own corp's token.
func leanWeCom(tb testing.TB) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/cgi-bin/service/get_suite_token":
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","suite_access_token":"ST","expires_in":7200}`)
		case "/cgi-bin/service/get_corp_token":
			b, _ := io.ReadAll(r.Body)
			// {"auth_corpid":"X","permanent_code":"…"}
			corp := strings.SplitN(strings.TrimPrefix(string(b), `{"auth_corpid":"`), `"`, 2)[0]
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","access_token":"CT-`+corp+`","expires_in":7200}`)
		case "/cgi-bin/gettoken":
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","access_token":"CT-`+r.URL.Query().Get("corpid")+`","expires_in":7200}`)
		case "/cgi-bin/externalcontact/get":
			q := r.URL.Query()
			if q.Get("access_token") != "CT-"+strings.TrimPrefix(q.Get("external_userid"), "wm-") {
				io.WriteString(w, `{"errcode":40014,"errmsg":"token of another corp"}`)
				return
			}
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","external_contact":{"external_userid":"x","name":"n","type":1},"follow_user":[]}`)
		default:
			http.NotFound(w, r)
		}
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// corpStore is a PermanentCodeStore outside the measured heap's concern:
// your database. It answers from a fixed rule, holding nothing per corp.
type corpStore struct{}

func (corpStore) Get(_ context.Context, _, corpID string) (provider.Authorization, bool, error) {
	return provider.Authorization{CorpID: corpID, PermanentCode: "PC-" + corpID, AgentID: 1000012}, true, nil
}
func (corpStore) Put(context.Context, string, provider.Authorization) error { return nil }
func (corpStore) Delete(context.Context, string, string) error              { return nil }

func corpIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("wwcorp%011d", i)
	}
	return ids
}

// heap returns the live heap after a full collection.
func heap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// forEach runs fn for every id on 8 workers (so at most 8 connections).
func forEach(ids []string, fn func(id string) error) error {
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	ch := make(chan string)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range ch {
				if err := fn(id); err != nil {
					once.Do(func() { first = err })
				}
			}
		}()
	}
	for _, id := range ids {
		ch <- id
	}
	close(ch)
	wg.Wait()
	return first
}

// BenchmarkTenThousandCorps: a suite serving 10,000 corps from one
// process, each corp's App having made one call (its corp token fetched
// and cached, then externalcontact/get). Reports the heap kept per idle
// App (App, token source, cached token, cache entry) and the goroutines
// left per corp.
func BenchmarkTenThousandCorps(b *testing.B) {
	const corps = 10000
	srv := leanWeCom(b)
	ids := corpIDs(corps)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		p, err := provider.New(provider.Config{BaseURL: srv.URL})
		require.NoError(b, err)
		s, err := p.NewSuite(provider.SuiteConfig{SuiteID: testSuiteID, Secret: testSuiteSecret, PermanentCodes: corpStore{}})
		require.NoError(b, err)
		require.NoError(b, s.SetTicket(bg, testTicket, p.Config().Now()))
		_, err = s.SuiteToken().Token(bg)
		require.NoError(b, err)
		// Warm the transport so its connections are not counted per corp.
		require.NoError(b, forEach(ids[:16], func(id string) error { return callCorp(s, id) }))
		goBefore := runtime.NumGoroutine()
		before := heap()
		b.StartTimer()

		require.NoError(b, forEach(ids, func(id string) error { return callCorp(s, id) }))

		b.StopTimer()
		after := heap()
		goAfter := runtime.NumGoroutine()
		b.ReportMetric(float64(after-before)/corps, "B/idle-app")
		b.ReportMetric(float64(goAfter-goBefore)/corps, "goroutines/corp")
		runtime.KeepAlive(s)
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*corps), "ns/first-call")
}

func callCorp(s *provider.Suite, id string) error {
	app, err := s.App(bg, id)
	if err != nil {
		return err
	}
	_, err = app.ExternalContact().Get(bg, "wm-"+id)
	return err
}

// BenchmarkTenThousandPlainApps is the same with plain work.New Apps (one
// per corp, sharing an HTTP client and a token cache, gettoken with a
// secret): what a provider writing its own token sources pays.
func BenchmarkTenThousandPlainApps(b *testing.B) {
	const corps = 10000
	srv := leanWeCom(b)
	ids := corpIDs(corps)
	hc := core.NewHTTPClient()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		cache := core.NewMemoryCache()
		apps := make([]*work.App, corps)
		idx := make(map[string]int, corps)
		for j, id := range ids {
			idx[id] = j
		}
		goBefore := runtime.NumGoroutine()
		before := heap()
		b.StartTimer()
		var mu sync.Mutex
		err := forEach(ids, func(id string) error {
			app, err := work.New(work.Config{CorpID: id, Secret: "PC-" + id, BaseURL: srv.URL, HTTPClient: hc, TokenCache: cache})
			if err != nil {
				return err
			}
			mu.Lock()
			apps[idx[id]] = app
			mu.Unlock()
			_, err = app.ExternalContact().Get(bg, "wm-"+id)
			return err
		})
		require.NoError(b, err)
		b.StopTimer()
		after := heap()
		b.ReportMetric(float64(after-before)/corps-8, "B/idle-app") // less the slice slot
		b.ReportMetric(float64(runtime.NumGoroutine()-goBefore)/corps, "goroutines/corp")
		runtime.KeepAlive(apps)
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*corps), "ns/first-call")
}

// BenchmarkSuiteApp is Suite.App for a corp whose App exists: the cost of
// calling it per request.
func BenchmarkSuiteApp(b *testing.B) {
	srv := leanWeCom(b)
	p, err := provider.New(provider.Config{BaseURL: srv.URL})
	require.NoError(b, err)
	s, err := p.NewSuite(provider.SuiteConfig{SuiteID: testSuiteID, Secret: testSuiteSecret, PermanentCodes: corpStore{}})
	require.NoError(b, err)
	ids := corpIDs(1000)
	for _, id := range ids {
		_, err := s.App(bg, id)
		require.NoError(b, err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.App(bg, ids[i%len(ids)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCorpCall is one call through a corp's App (token cached),
// beside BenchmarkCorpCallPlainHTTP, the same request with net/http and
// encoding/json alone.
func BenchmarkCorpCall(b *testing.B) {
	srv := leanWeCom(b)
	p, err := provider.New(provider.Config{BaseURL: srv.URL})
	require.NoError(b, err)
	s, err := p.NewSuite(provider.SuiteConfig{SuiteID: testSuiteID, Secret: testSuiteSecret, PermanentCodes: corpStore{}})
	require.NoError(b, err)
	require.NoError(b, s.SetTicket(bg, testTicket, p.Config().Now()))
	const id = "wwcorp00000000001"
	require.NoError(b, callCorp(s, id))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := callCorp(s, id); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCorpCallPlainHTTP(b *testing.B) {
	srv := leanWeCom(b)
	hc := core.NewHTTPClient()
	const id = "wwcorp00000000001"
	u := srv.URL + "/cgi-bin/externalcontact/get?access_token=CT-" + id + "&external_userid=wm-" + id
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resp, err := hc.Get(u)
		if err != nil {
			b.Fatal(err)
		}
		var out struct {
			ErrCode         int             `json:"errcode"`
			ExternalContact json.RawMessage `json:"external_contact"`
		}
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if err != nil || out.ErrCode != 0 {
			b.Fatal(err, out.ErrCode)
		}
	}
}

// TestNoGoroutinePerCorp: a thousand corps' Apps, each having made a call,
// leave no goroutine behind them (only the transport's few connections).
func TestNoGoroutinePerCorp(t *testing.T) {
	srv := leanWeCom(t)
	p, err := provider.New(provider.Config{BaseURL: srv.URL})
	require.NoError(t, err)
	s, err := p.NewSuite(provider.SuiteConfig{SuiteID: testSuiteID, Secret: testSuiteSecret, PermanentCodes: corpStore{}})
	require.NoError(t, err)
	require.NoError(t, s.SetTicket(bg, testTicket, p.Config().Now()))
	ids := corpIDs(1000)
	require.NoError(t, forEach(ids[:16], func(id string) error { return callCorp(s, id) }))
	before := runtime.NumGoroutine()
	require.NoError(t, forEach(ids, func(id string) error { return callCorp(s, id) }))
	assert.Less(t, runtime.NumGoroutine()-before, 20, "goroutines do not grow with corps")
}
