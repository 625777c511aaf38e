package externalcontact_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
)

// The benchmarks compare the SDK with what a careful hand-written client does
// with plain net/http and encoding/json: same server, same transport, same
// answer, same result type. Run them with `make bench`.

func benchServer(b *testing.B) (*httptest.Server, []byte, []byte) {
	b.Helper()
	get, err := os.ReadFile(filepath.Join("..", "..", "testdata", "externalcontact", "get.json"))
	if err != nil {
		b.Fatal(err)
	}
	batch := batchPage(100)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/cgi-bin/gettoken":
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","access_token":"BENCH_TOKEN","expires_in":7200}`)
		case "/cgi-bin/externalcontact/get":
			w.Write(get)
		case "/cgi-bin/externalcontact/batch/get_by_user":
			io.Copy(io.Discard, r.Body)
			w.Write(batch)
		}
	}))
	b.Cleanup(srv.Close)
	return srv, get, batch
}

// batchPage builds a realistic 100-contact batch/get_by_user answer.
func batchPage(n int) []byte {
	var sb strings.Builder
	sb.WriteString(`{"errcode":0,"errmsg":"ok","external_contact_list":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"external_contact":{"external_userid":"wmAJ2GCAAAXtWyujaWJHDDGi0mACH%03d","name":"客户%d","avatar":"https://wework.qpic.cn/wwhead/duc2TvpEgSSjibPZlNR6chpx%d/0","type":1,"gender":%d,"unionid":"ozynqsulJFCZ2z1aYeS8h-nuas%03d"},"follow_info":{"userid":"zhangsan","remark":"备注%d","description":"对接采购事务","createtime":%d,"tag_id":["etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA","etAJ2GCAAAXtWyujaWJHDDGi0mACHBBB"],"remark_mobiles":["1380000%04d"],"oper_userid":"zhangsan","add_way":1,"state":"channel-%d"}}`,
			i, i, i, 1+i%2, i, i, 1700000000+i, i, i%7)
	}
	sb.WriteString(`],"next_cursor":"r9FqSqsI8fgNbHLHE5QoCP50UIg2cFQbfma3l2QsmwI"}`)
	return []byte(sb.String())
}

func sdkClient(b *testing.B, srv *httptest.Server, hc *http.Client) *externalcontact.Client {
	base, err := core.NewClient(core.Options{BaseURL: srv.URL, HTTPClient: hc})
	if err != nil {
		b.Fatal(err)
	}
	ts := core.NewCorpTokenSource(base, core.CorpTokenConfig{CorpID: "wwbench", Secret: "bench-secret"})
	return externalcontact.New(base.WithTokenSource(core.AuthAccessToken, ts))
}

// plainGet is the hand-written baseline for externalcontact/get.
func plainGet(ctx context.Context, hc *http.Client, base, token, id string) (*externalcontact.Contact, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/cgi-bin/externalcontact/get?access_token="+token+"&external_userid="+id, nil)
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

// plainBatch is the hand-written baseline for batch/get_by_user.
func plainBatch(ctx context.Context, hc *http.Client, base, token string, users []string) (*externalcontact.BatchGetByUserResponse, error) {
	body, err := json.Marshal(map[string]any{"userid_list": users, "limit": 100})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/cgi-bin/externalcontact/batch/get_by_user?access_token="+token, bytes.NewReader(body))
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

func BenchmarkGet(b *testing.B) {
	srv, _, _ := benchServer(b)
	hc := core.NewHTTPClient()
	ctx := context.Background()
	b.Run("sdk", func(b *testing.B) {
		c := sdkClient(b, srv, hc)
		if _, err := c.Get(ctx, "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA"); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := c.Get(ctx, "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("plain", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := plainGet(ctx, hc, srv.URL, "BENCH_TOKEN", "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkBatchGetByUser100(b *testing.B) {
	srv, _, _ := benchServer(b)
	hc := core.NewHTTPClient()
	ctx := context.Background()
	users := []string{"zhangsan", "lisi"}
	b.Run("sdk", func(b *testing.B) {
		c := sdkClient(b, srv, hc)
		req := &externalcontact.BatchGetByUserRequest{UserIDs: users, Limit: 100}
		if _, err := c.BatchGetByUser(ctx, req); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			resp, err := c.BatchGetByUser(ctx, req)
			if err != nil || len(resp.ExternalContactList) != 100 {
				b.Fatal(err)
			}
		}
	})
	b.Run("plain", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			resp, err := plainBatch(ctx, hc, srv.URL, "BENCH_TOKEN", users)
			if err != nil || len(resp.ExternalContactList) != 100 {
				b.Fatal(err)
			}
		}
	})
}
